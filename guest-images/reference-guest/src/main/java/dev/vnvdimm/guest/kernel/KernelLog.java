package dev.vnvdimm.guest.kernel;

import java.util.ArrayList;
import java.util.List;

/** What the guest's "kernel" printed while it booted and probed: its {@code dmesg}. */
public final class KernelLog {
    private final List<String> lines = new ArrayList<>();

    public synchronized void info(String device, String message) {
        lines.add(device + ": " + message);
    }

    public synchronized void warn(String device, String message) {
        lines.add(device + ": " + message);
    }

    /** Adds a line as printed, e.g. one carried over from the source of a migration. */
    public synchronized void append(String line) {
        lines.add(line);
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    public synchronized String text() {
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }
}
