package dev.vnvdimm.guest.aml.runtime;

/** Small helpers naming object types in error messages. */
public final class ObjectTypes {
    private ObjectTypes() {
    }

    public static String describe(AmlObject o) {
        return o == null ? "nothing" : o.type().name();
    }
}
