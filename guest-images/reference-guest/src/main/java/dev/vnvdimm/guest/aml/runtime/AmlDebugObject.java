package dev.vnvdimm.guest.aml.runtime;

/** The Debug object (ACPI 6.4 §19.6.26): stores to it go to {@link AmlOptions#debugSink()}. */
public final class AmlDebugObject extends AmlObject {
    public static final AmlDebugObject INSTANCE = new AmlDebugObject();

    private AmlDebugObject() {
    }

    @Override
    public ObjectType type() {
        return ObjectType.DEBUG_OBJECT;
    }
}
