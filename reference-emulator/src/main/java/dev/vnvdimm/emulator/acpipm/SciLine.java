package dev.vnvdimm.emulator.acpipm;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The ACPI System Control Interrupt as a level-triggered line (ACPI 6.5 §4.8.4.1; QEMU {@code acpi_update_sci}):
 * high while any general-purpose event is both pending and enabled. Listeners hear each change of level, on the
 * thread that caused it, and must not block.
 */
public final class SciLine {
    private final String name;
    private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();
    private boolean level;

    public SciLine(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public synchronized boolean isRaised() {
        return level;
    }

    /** Calls {@code listener} with the new level each time it changes from now on. */
    public void addListener(Consumer<Boolean> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<Boolean> listener) {
        listeners.remove(listener);
    }

    /** Drives the line; listeners hear only real changes. */
    void set(boolean raised) {
        synchronized (this) {
            if (level == raised) {
                return;
            }
            level = raised;
        }
        for (Consumer<Boolean> l : listeners) {
            l.accept(raised);
        }
    }

    @Override
    public String toString() {
        return name + (isRaised() ? " (raised)" : " (low)");
    }
}
