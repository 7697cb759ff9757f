package dev.vnvdimm.guest.labels;

import java.util.Arrays;

/**
 * The Fletcher-64 checksum of UEFI 2.7 "Label Storage Area" (index blocks and v1.2 labels) as Linux and
 * ndctl compute it: the data is taken as little-endian 32-bit words; {@code lo} is the 32-bit running sum
 * of the words, {@code hi} the running sum of {@code lo}; the result is {@code hi << 32 | lo} (so only the
 * low 32 bits of {@code hi} survive). A trailing partial word is ignored. The same function over the NFIT
 * mapping records gives the interleave-set cookie ({@link InterleaveSetCookie}). Defined once, in guest-abi's
 * {@link dev.vnvdimm.abi.infoblock.Fletcher64}, which info blocks use too.
 */
public final class Fletcher64 {

    private Fletcher64() {
    }

    public static long of(byte[] data) {
        return of(data, 0, data.length);
    }

    public static long of(byte[] data, int offset, int length) {
        return dev.vnvdimm.abi.infoblock.Fletcher64.of(data, offset, length);
    }

    /** The checksum of {@code data[offset, offset+length)} as if the 8 bytes at {@code checksumAt} were zero. */
    static long withFieldZeroed(byte[] data, int offset, int length, int checksumAt) {
        byte[] copy = Arrays.copyOfRange(data, offset, offset + length);
        Arrays.fill(copy, checksumAt - offset, checksumAt - offset + 8, (byte) 0);
        return of(copy);
    }
}
