package dev.vnvdimm.emulator.acpi.aml;

/** The LockRule in bit 4 of FieldFlags (ACPI 6.4 §20.2.5.2 DefField): whether field access takes the Global Lock. */
public enum LockRule {
    NO_LOCK(0),
    LOCK(1);

    private final int code;

    LockRule(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
