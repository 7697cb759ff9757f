package dev.vnvdimm.abi.dsm;

/**
 * The handle word of a DSM request: which device's {@code _DSM} the AML ran (QEMU hw/acpi/nvdimm.c; spec notes
 * §1.2, §1.5). A DIMM's handle is also its NFIT device handle and the {@code _ADR} of its NVxx device.
 */
public final class DsmHandles {
    /** The NVDIMM root device, {@code \_SB.NVDR}. */
    public static final int ROOT = 0;
    /** {@code NVDIMM_QEMU_RSVD_HANDLE_ROOT}: the root functions only QEMU's own AML calls (Read FIT). */
    public static final int QEMU_RESERVED_ROOT = 0x10000;

    private DsmHandles() {
    }

    /** The handle of the NVDIMM in memory slot {@code slot}: slot + 1, so that 0 stays the root's. */
    public static int ofSlot(int slot) {
        return slot + 1;
    }
}
