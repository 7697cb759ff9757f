package dev.vnvdimm.guest.aml.runtime;

/**
 * AML opcodes the interpreter needs that {@link dev.vnvdimm.abi.aml.AmlOpcode} does not define yet (ACPI 6.4
 * §20.3); candidates to move there. Same encoding: two-byte opcodes as {@code 0x5Bnn}.
 */
public final class ExtraOpcodes {
    private ExtraOpcodes() {
    }

    /** ProcessorOp (deprecated in ACPI 6.4 but still emitted by firmware): ExtOpPrefix 0x83. */
    public static final int PROCESSOR_OP = 0x5B83;
    /** UnloadOp: ExtOpPrefix 0x2A. */
    public static final int UNLOAD_OP = 0x5B2A;
    /** Pseudo-opcode for errors located at a NameString (a name reference or a method invocation). */
    public static final int NAME_STRING = -2;
}
