package dev.vnvdimm.guest.aml.runtime;

import java.util.concurrent.Semaphore;

/** An Event (ACPI 6.4 §19.6.42): a counting semaphore driven by Signal, Wait and Reset. */
public final class AmlEvent extends AmlObject {
    public final Semaphore semaphore = new Semaphore(0);

    public AmlEvent() {
    }

    @Override
    public ObjectType type() {
        return ObjectType.EVENT;
    }
}
