package dev.vnvdimm.emulator.acpi.aml;

/** The AccessType in bits 3..0 of FieldFlags, and of an AccessField (ACPI 6.4 §20.2.5.2 DefField, AccessField). */
public enum AccessType {
    ANY_ACC(0),
    BYTE_ACC(1),
    WORD_ACC(2),
    DWORD_ACC(3),
    QWORD_ACC(4),
    BUFFER_ACC(5);

    private final int code;

    AccessType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
