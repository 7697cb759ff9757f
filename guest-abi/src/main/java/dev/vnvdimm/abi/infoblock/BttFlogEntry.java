package dev.vnvdimm.abi.infoblock;

import java.nio.ByteBuffer;

/**
 * One 16-byte entry of a BTT arena's flog (UEFI 2.7 §6.3.4 "BTT Flog"; Linux {@code struct log_entry}): the LBA
 * a write went to, the internal block it had and the one it got, and a sequence number cycling 1, 2, 3, 1 (0 means
 * unused). Each free block owns a {@value #GROUP_SIZE}-byte group: two entries, the newer one current, and 32
 * bytes of padding. A fresh arena's lane {@code i} holds {@code lba i, old = new = externalNlba + i, seq 1} in
 * its first entry and zeros in its second.
 */
public record BttFlogEntry(long lba, long oldMap, long newMap, int seq) {
    public static final int SIZE = 16;
    public static final int GROUP_SIZE = 64;

    public static BttFlogEntry decode(byte[] b, int offset) {
        ByteBuffer bb = Bytes.le(b);
        return new BttFlogEntry(Integer.toUnsignedLong(bb.getInt(offset)),
                Integer.toUnsignedLong(bb.getInt(offset + 4)), Integer.toUnsignedLong(bb.getInt(offset + 8)),
                bb.getInt(offset + 12));
    }

    public void encode(byte[] b, int offset) {
        Bytes.le(b).putInt(offset, (int) lba).putInt(offset + 4, (int) oldMap).putInt(offset + 8, (int) newMap)
                .putInt(offset + 12, seq);
    }
}
