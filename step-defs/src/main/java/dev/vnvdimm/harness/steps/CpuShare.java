package dev.vnvdimm.harness.steps;

import java.util.Collection;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * How scenarios share the machine when several run at once ({@code --jobs}): a scenario tagged
 * {@code @runs-alone} runs alone, against every other scenario; the others, migrations included, run side by
 * side. Only a scenario whose verdict depends on timing needs to run alone: the label writer racing a migration
 * limited to 4 MiB/s. Migrations once ran alone as well, against losses of guest pages that turned out to be
 * TCG's (QEMU's fast dirty-bitmap sync, see {@code migration-label-writes.feature}), which the migration
 * features now avoid with RAM that is not a multiple of 256 KiB. Fair, so a waiting scenario that runs alone is
 * not overtaken by scenarios that came later.
 */
final class CpuShare {
    static final String ALONE_TAG = "@runs-alone";
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
