package dev.vnvdimm.emulator.dsm;

/**
 * The 4 KiB DSM page the guest's AML and the hypervisor exchange requests and replies through
 * (QEMU docs/specs/acpi_nvdimm.rst; hw/acpi/nvdimm.c {@code NvdimmDsmIn}/{@code NvdimmDsmOut}).
 * All fields are little-endian u32 unless said otherwise. The reply overwrites the request from offset 0.
 */
public final class DsmPage {
    public static final int SIZE = 4096;

    // Request, written by NCAL
    /** 0 = root (NVDR), slot+1 = an NVDIMM, 0x10000 = QEMU's reserved root functions. */
    public static final int IN_HANDLE = 0x000;
    public static final int IN_REVISION = 0x004;
    public static final int IN_FUNCTION = 0x008;
    /** The Buffer of _DSM Arg3's single package element (4084 bytes). */
    public static final int IN_ARG3 = 0x00C;
    public static final int ARG3_SIZE = SIZE - IN_ARG3;

    // Arg3 of Get/Set Namespace Label Data (functions 5 and 6) and of Read FIT
    public static final int IN_LABEL_OFFSET = IN_ARG3;
    public static final int IN_LABEL_LENGTH = IN_ARG3 + 4;
    public static final int IN_LABEL_DATA = IN_ARG3 + 8;
    public static final int IN_FIT_OFFSET = IN_ARG3;

    // Reply, read by NCAL
    /** Bytes written including this length field; the OS receives [4, length). */
    public static final int OUT_LENGTH = 0x000;
    /** Function 0's bitmap, or the status of every other reply. */
    public static final int OUT_STATUS = 0x004;
    public static final int OUT_SUPPORTED_FUNCTIONS = OUT_STATUS;
    /** Function 4: label area size and the largest transfer. */
    public static final int OUT_LABEL_SIZE = 0x008;
    public static final int OUT_MAX_TRANSFER = 0x00C;
    /** Function 5 and Read FIT: the data after the status. */
    public static final int OUT_DATA = 0x008;

    /** Largest Get Label Data payload: the page minus length and status. */
    public static final int MAX_GET_LABEL_DATA = SIZE - OUT_DATA;
    /** Largest Set Label Data payload: the page minus the request header and offset/length. */
    public static final int MAX_SET_LABEL_DATA = SIZE - IN_LABEL_DATA;
    /** What function 4 reports as max_xfer: 4076. */
    public static final int MAX_LABEL_TRANSFER = Math.min(MAX_GET_LABEL_DATA, MAX_SET_LABEL_DATA);
    /** Largest FIT chunk one Read FIT returns: 4088. */
    public static final int MAX_FIT_CHUNK = SIZE - OUT_DATA;

    private DsmPage() {
    }
}
