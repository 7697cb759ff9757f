package dev.vnvdimm.abi.dsm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The 4 KiB DSM page through which the SSDT's AML and the hypervisor exchange one request and its reply. The
 * request is QEMU's {@code NvdimmDsmIn} (handle, revision, function, then Arg3's buffer); the reply, written over
 * it from offset 0, is {@code NvdimmDsmOut} (its own length, then the output the {@code _DSM} returns). Fields are
 * little-endian u32 (hw/acpi/nvdimm.c; docs/specs/acpi_nvdimm.rst; spec notes §1.2, §1.3). The SSDT's NRAM fields
 * are derived from these offsets, as QEMU derives them from its structs.
 */
public final class DsmPage {
    /** {@code NVDIMM_DSM_MEMORY_SIZE}; QEMU checks both structs fill it exactly. */
    public static final int SIZE = 4096;
    /** Every fixed field of the page is a u32. */
    public static final int WORD = 4;

    // NvdimmDsmIn: the request, AML fields HDLE, REVS, FUNC, FARG
    /** 0 = the root device, slot + 1 = an NVDIMM, 0x10000 = QEMU's reserved root (see {@link DsmHandles}). */
    public static final int HANDLE = 0x000;
    public static final int REVISION = HANDLE + WORD;
    public static final int FUNCTION = REVISION + WORD;
    /** The Buffer in _DSM Arg3's single package element. */
    public static final int ARG3 = FUNCTION + WORD;
    public static final int ARG3_SIZE = SIZE - ARG3;

    // NvdimmDsmOut: the reply, AML fields RLEN, ODAT
    /** Bytes of the reply, counting this length field itself. */
    public static final int LENGTH = 0x000;
    /** What the _DSM returns to the OS: the reply's bytes after its length. */
    public static final int OUTPUT = LENGTH + WORD;
    public static final int OUTPUT_SIZE = SIZE - OUTPUT;

    private DsmPage() {
    }

    /** A whole request page: the three header words and {@code arg3} (at most {@link #ARG3_SIZE} bytes). */
    public static byte[] request(int handle, int revision, int function, byte[] arg3) {
        if (arg3.length > ARG3_SIZE) {
            throw new IllegalArgumentException("Arg3 of " + arg3.length + " bytes exceeds the DSM page's "
                    + ARG3_SIZE);
        }
        ByteBuffer page = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        page.putInt(HANDLE, handle).putInt(REVISION, revision).putInt(FUNCTION, function).put(ARG3, arg3);
        return page.array();
    }

    /** The request's Arg3 buffer as a little-endian view, indexed from its own start. */
    public static ByteBuffer arg3(ByteBuffer requestPage) {
        return requestPage.slice(ARG3, ARG3_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The reply carrying {@code output}: its length word, then the output. */
    public static byte[] reply(byte[] output) {
        if (output.length > OUTPUT_SIZE) {
            throw new IllegalArgumentException("DSM output of " + output.length + " bytes exceeds the page's "
                    + OUTPUT_SIZE);
        }
        ByteBuffer page = ByteBuffer.allocate(OUTPUT + output.length).order(ByteOrder.LITTLE_ENDIAN);
        page.putInt(LENGTH, OUTPUT + output.length).put(OUTPUT, output);
        return page.array();
    }

    /** The reply's length word, unsigned. */
    public static long replyLength(byte[] replyPage) {
        return Integer.toUnsignedLong(ByteBuffer.wrap(replyPage).order(ByteOrder.LITTLE_ENDIAN).getInt(LENGTH));
    }

    /** What the _DSM returns for this reply: the bytes from {@link #OUTPUT} up to the reply's length. */
    public static byte[] output(byte[] replyPage) {
        long length = replyLength(replyPage);
        if (length < OUTPUT || length > replyPage.length) {
            throw new IllegalArgumentException("DSM reply length " + length + " outside [" + OUTPUT + ", "
                    + replyPage.length + "]");
        }
        return Arrays.copyOfRange(replyPage, OUTPUT, (int) length);
    }
}
