package dev.vnvdimm.abi.dsm;

/**
 * The x86 I/O port the AML writes the DSM page's address to, which makes the hypervisor run the request
 * synchronously (QEMU {@code NVDIMM_ACPI_IO_BASE}, {@code NVDIMM_ACPI_IO_LEN}; spec notes §1.1). Only 32-bit
 * accesses are valid; reads return 0.
 */
public final class DsmNotifyPort {
    public static final int ADDRESS = 0x0A18;
    /** Bytes wide: the AML field NTFI and the only access size. */
    public static final int LENGTH = 4;

    private DsmNotifyPort() {
    }
}
