package dev.vnvdimm.emulator.machine;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Whether the guest may run. Everything the guest does (a command in its shell, a DSM call) runs through
 * {@link #run}, or, for a guest whose threads call in on several vCPUs at once, {@link #runOnOneVcpu};
 * {@link #pause()} waits for the current activities to finish and holds the guest still until
 * {@link #resume()} — what QMP {@code stop} does, and what migration's final stop-and-copy needs.
 */
public final class VcpuGate {
    /** Permits: one per vCPU activity at once, far more than any guest has; the whole guest (or a pause) takes all. */
    private static final int ALL = 1 << 20;

    // fair: a pause waiting for the activities in progress is not overtaken by activities that start later
    private final Semaphore running = new Semaphore(ALL, true);
    private boolean paused;

    /** One activity of the guest as a whole: nothing else of the guest runs meanwhile. */
    public <T> T run(Supplier<T> activity) {
        running.acquireUninterruptibly(ALL);
        try {
            return activity.get();
        } finally {
            running.release(ALL);
        }
    }

    /**
     * One activity on one of several vCPUs (a guest thread's call, as on QEMU's {@code -smp}): it runs alongside
     * the other vCPUs' activities, never alongside {@link #run}'s, and never while paused — QEMU's
     * {@code pause_all_vcpus} stops them all.
     */
    public <T> T runOnOneVcpu(Supplier<T> activity) {
        running.acquireUninterruptibly();
        try {
            return activity.get();
        } finally {
            running.release();
        }
    }

    public synchronized void pause() {
        if (!paused) {
            running.acquireUninterruptibly(ALL);
            paused = true;
        }
    }

    public synchronized void resume() {
        if (paused) {
            paused = false;
            running.release(ALL);
        }
    }

    public synchronized boolean isPaused() {
        return paused;
    }
}
