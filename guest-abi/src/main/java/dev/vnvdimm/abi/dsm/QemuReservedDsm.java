package dev.vnvdimm.abi.dsm;

import java.util.UUID;

/**
 * QEMU's private root interface, called only by its own AML ({@code RFIT}, under {@code _FIT}) with the handle
 * {@link DsmHandles#QEMU_RESERVED_ROOT}: Read FIT returns the FIT from an offset, as much as one page holds
 * (QEMU hw/acpi/nvdimm.c {@code NVDIMM_QEMU_RSVD_UUID}, {@code NvdimmFuncReadFITIn/Out};
 * docs/specs/acpi_nvdimm.rst; spec notes §1.9). A FIT rebuilt mid-read answers {@link DsmStatus#FIT_CHANGED}.
 */
public final class QemuReservedDsm {
    public static final UUID INTERFACE_UUID = UUID.fromString("648b9cf2-cda1-4312-8ad9-49c4af32bd62");

    public static final int READ_FIT = 1;
    /** Function 0's bitmap: query and Read FIT. */
    public static final int FUNCTIONS = 1 << IntelDsm.QUERY | 1 << READ_FIT;

    /** Read FIT's input (Arg3): the FIT offset to read from. */
    public static final int FIT_OFFSET = 0;
    /** Read FIT's output: the FIT bytes after the status; none at the FIT's end. */
    public static final int FIT_DATA = DsmStatus.OFFSET + DsmStatus.SIZE;
    /** The most FIT one Read FIT returns: 4088. */
    public static final int MAX_FIT_CHUNK = DsmPage.OUTPUT_SIZE - FIT_DATA;

    private QemuReservedDsm() {
    }
}
