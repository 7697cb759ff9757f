package dev.vnvdimm.emulator.dsm;

/** The {@code func_ret_status} values of a DSM reply (DSM Interface Example, §3; QEMU hw/acpi/nvdimm.c). */
public final class DsmStatus {
    public static final int SUCCESS = 0;
    public static final int NOT_SUPPORTED = 1;
    public static final int NON_EXISTING_MEMORY_DEVICE = 2;
    public static final int INVALID_INPUT = 3;
    /** QEMU-specific, Read FIT only: the FIT changed since the reader's offset 0; restart. */
    public static final int FIT_CHANGED = 0x100;

    private DsmStatus() {
    }
}
