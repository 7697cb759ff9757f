package dev.vnvdimm.emulator.acpi.aml;

/**
 * A method's SerializeRule: bit 3 of MethodFlags (ACPI 6.4 §20.2.5.2 DefMethod). A Serialized method runs
 * one invocation at a time and may create named objects without colliding with a concurrent invocation.
 */
public enum SerializeRule {
    NOT_SERIALIZED(0),
    SERIALIZED(1);

    private final int flag;

    SerializeRule(int flag) {
        this.flag = flag;
    }

    /** The value of the SerializeFlag bit. */
    public int flag() {
        return flag;
    }
}
