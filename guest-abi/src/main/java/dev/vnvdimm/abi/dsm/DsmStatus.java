package dev.vnvdimm.abi.dsm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The {@code func_ret_status} word that starts every DSM output but function 0's, whose bitmap takes its place
 * (QEMU hw/acpi/nvdimm.c {@code NVDIMM_DSM_RET_STATUS_*}, {@code NvdimmFuncNoPayloadOut}; codes 0-3 from the DSM
 * Interface Example, §3; spec notes §1.3, §1.4).
 */
public final class DsmStatus {
    /** Where the status sits in a _DSM's output, and how wide it is; a function's payload follows it. */
    public static final int OFFSET = 0;
    public static final int SIZE = DsmPage.WORD;

    public static final int SUCCESS = 0;
    public static final int NOT_SUPPORTED = 1;
    public static final int NON_EXISTING_MEMORY_DEVICE = 2;
    public static final int INVALID_INPUT = 3;
    /** QEMU-specific, Read FIT only: the FIT changed since the reader's offset 0; restart. */
    public static final int FIT_CHANGED = 0x100;

    private DsmStatus() {
    }

    /** A status-only output (an error, or a Set Label Data success): the one word. */
    public static byte[] output(int status) {
        return ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN).putInt(OFFSET, status).array();
    }

    /** The status of a _DSM's output (at least {@link #SIZE} bytes). */
    public static int of(byte[] output) {
        return ByteBuffer.wrap(output).order(ByteOrder.LITTLE_ENDIAN).getInt(OFFSET);
    }
}
