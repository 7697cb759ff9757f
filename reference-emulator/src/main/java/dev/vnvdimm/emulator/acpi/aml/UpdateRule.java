package dev.vnvdimm.emulator.acpi.aml;

/**
 * The UpdateRule in bits 6..5 of FieldFlags (ACPI 6.4 §20.2.5.2 DefField): what a partial write does with the
 * bits of the access unit that lie outside the field.
 */
public enum UpdateRule {
    PRESERVE(0),
    WRITE_AS_ONES(1),
    WRITE_AS_ZEROS(2);

    private final int code;

    UpdateRule(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
