package dev.vnvdimm.guest.aml.runtime;

import java.util.concurrent.locks.ReentrantLock;

/** A Mutex (ACPI 6.4 §19.6.88): owned by one thread at a time, re-acquirable by its owner, with a SyncLevel. */
public final class AmlMutex extends AmlObject {
    final int syncLevel;
    final ReentrantLock lock = new ReentrantLock();

    public AmlMutex(int syncLevel) {
        this.syncLevel = syncLevel;
    }

    public int syncLevel() {
        return syncLevel;
    }

    @Override
    public ObjectType type() {
        return ObjectType.MUTEX;
    }
}
