package dev.vnvdimm.abi.infoblock;

/**
 * One 32-bit little-endian word of a BTT arena's map, indexed by external LBA (UEFI 2.7 §6.3.3 "BTT Map";
 * Linux drivers/nvdimm/btt.h {@code MAP_*}): the low 30 bits are the internal (post-map) block, bit 30 the error
 * flag and bit 31 the zero flag. A word with both flags clear or both set maps the LBA to itself: that is how
 * a fresh arena's all-zero map reads.
 */
public record BttMapEntry(long postMapLba, boolean error, boolean zero) {
    public static final int SIZE = 4;
    static final long LBA_MASK = (1L << 30) - 1;
    static final int ERROR_BIT = 30;
    static final int ZERO_BIT = 31;

    public static BttMapEntry decode(int word) {
        long w = Integer.toUnsignedLong(word);
        return new BttMapEntry(w & LBA_MASK, (w >> ERROR_BIT & 1) != 0, (w >> ZERO_BIT & 1) != 0);
    }

    public int encode() {
        return (int) (postMapLba & LBA_MASK | (error ? 1L << ERROR_BIT : 0) | (zero ? 1L << ZERO_BIT : 0));
    }

    /** The internal block holding external block {@code lba}. */
    public long resolve(long lba) {
        return error == zero ? lba : postMapLba;
    }
}
