package dev.vnvdimm.guest.aml;

/** Small helpers naming object types in error messages. */
final class ObjectTypes {
    private ObjectTypes() {
    }

    static String describe(AmlObject o) {
        return o == null ? "nothing" : o.type().name();
    }
}
