package dev.vnvdimm.guest.aml.runtime;

/**
 * AML object types with the codes {@code ObjectType} returns (ACPI 6.4 §19.6.97, table 19.xx "Values Returned
 * By the ObjectType Operator"). {@link #REFERENCE} is interpreter-internal: {@code ObjectType} of a reference
 * reports the type of the object it refers to.
 */
public enum ObjectType {
    UNINITIALIZED(0),
    INTEGER(1),
    STRING(2),
    BUFFER(3),
    PACKAGE(4),
    FIELD_UNIT(5),
    DEVICE(6),
    EVENT(7),
    METHOD(8),
    MUTEX(9),
    OPERATION_REGION(10),
    POWER_RESOURCE(11),
    PROCESSOR(12),
    THERMAL_ZONE(13),
    BUFFER_FIELD(14),
    DDB_HANDLE(15),
    DEBUG_OBJECT(16),
    REFERENCE(-1);

    private final int code;

    ObjectType(int code) {
        this.code = code;
    }

    /** The value the ObjectType operator returns for this type. */
    public int code() {
        return code;
    }
}
