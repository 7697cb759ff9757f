package dev.vnvdimm.abi.infoblock;

/**
 * The Fletcher-64 checksum Linux's libnvdimm computes over label index blocks, v1.2 labels and info blocks
 * (UEFI 2.7 §13.19 "Label Storage Area"; Linux {@code nd_fletcher64}): the data is read as little-endian 32-bit
 * words, {@code lo} is the 32-bit running sum of the words, {@code hi} the running sum of {@code lo}, and the
 * result is {@code hi << 32 | lo}. A trailing partial word is ignored.
 */
public final class Fletcher64 {

    private Fletcher64() {
    }

    public static long of(byte[] data) {
        return of(data, 0, data.length);
    }

    public static long of(byte[] data, int offset, int length) {
        long lo = 0;
        long hi = 0;
        for (int i = offset; i + 4 <= offset + length; i += 4) {
            long word = (data[i] & 0xFFL) | (data[i + 1] & 0xFFL) << 8 | (data[i + 2] & 0xFFL) << 16
                    | (data[i + 3] & 0xFFL) << 24;
            lo = (lo + word) & 0xFFFF_FFFFL;
            hi += lo;
        }
        return hi << 32 | lo;
    }

    /**
     * The checksum of an info block as Linux keeps it ({@code nd_sb_checksum}): Fletcher-64 over the whole block
     * with its own 8-byte checksum field taken as zero.
     */
    public static long ofBlockWithoutField(byte[] block, int checksumOffset) {
        byte[] copy = block.clone();
        java.util.Arrays.fill(copy, checksumOffset, checksumOffset + 8, (byte) 0);
        return of(copy);
    }
}
