package dev.vnvdimm.harness.steps;

import java.util.Collection;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * How scenarios share the machine when several run at once ({@code --jobs}): a scenario tagged
 * {@code @two-machines} (a migration: two hypervisors and two guests) runs alone, against every other scenario;
 * the others run side by side. Fair, so a waiting migration is not overtaken by scenarios that came later.
 */
final class CpuShare {
    static final String ALONE_TAG = "@two-machines";
    private static final ReentrantReadWriteLock LOCK = new ReentrantReadWriteLock(true);

    private CpuShare() {
    }

    /** Takes the scenario's share; the returned action gives it back, once, from the same thread. */
    static Runnable take(Collection<String> tags) {
        var lock = tags.contains(ALONE_TAG) ? LOCK.writeLock() : LOCK.readLock();
        lock.lock();
        return lock::unlock;
    }
}
