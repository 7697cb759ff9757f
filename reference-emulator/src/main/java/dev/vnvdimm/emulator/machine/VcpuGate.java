package dev.vnvdimm.emulator.machine;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Whether the guest may run. Everything the guest does (a command in its shell, a DSM call) runs through
 * {@link #run}; {@link #pause()} waits for the current activity to finish and holds the guest still until
 * {@link #resume()} — what QMP {@code stop} does, and what migration's final stop-and-copy needs.
 */
public final class VcpuGate {
    private final Semaphore running = new Semaphore(1, true);
    private boolean paused;

    public <T> T run(Supplier<T> activity) {
        running.acquireUninterruptibly();
        try {
            return activity.get();
        } finally {
            running.release();
        }
    }

    public synchronized void pause() {
        if (!paused) {
            running.acquireUninterruptibly();
            paused = true;
        }
    }

    public synchronized void resume() {
        if (paused) {
            paused = false;
            running.release();
        }
    }

    public synchronized boolean isPaused() {
        return paused;
    }
}
