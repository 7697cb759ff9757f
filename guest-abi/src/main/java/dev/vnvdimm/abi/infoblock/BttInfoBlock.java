package dev.vnvdimm.abi.infoblock;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.UUID;

/**
 * The 4 KiB info block at the start of each BTT arena of a sector namespace, with a backup copy at the arena's
 * end ({@code struct btt_sb}, Linux drivers/nvdimm/btt.h; UEFI 2.7 §6.3 "BTT Info Block"). All fields
 * little-endian, UUIDs in their printed byte order, offsets relative to the arena's start. Version 1.1 is what
 * Linux writes for a namespace without a v1.2 label claim (its first arena starts {@value #V1_1_ARENA_OFFSET}
 * bytes into the namespace); version 2.0, for a v1.2 label with the BTT2 abstraction GUID (UEFI's layout, first
 * arena at the namespace's first byte). Each arena is: info block, data ({@code internalNlba} blocks), map,
 * flog, backup info block.
 *
 * @param uuid             the BTT's UUID: what {@code ndctl list} shows as the namespace's uuid
 * @param parentUuid       the namespace (label) UUID
 * @param externalLbaSize  the sector size the block device shows
 * @param externalNlba     sectors the block device shows in this arena
 * @param internalLbaSize  the size of a data block on the media (the external size, at least 512)
 * @param internalNlba     data blocks in the arena: {@code externalNlba + nfree}
 * @param nfree            free blocks, one per lane (256)
 * @param infoSize         this block's size
 * @param nextOffset       the next arena's offset from this one, 0 for the last
 * @param dataOffset       the data area's offset in the arena
 * @param mapOffset        the map's offset ({@link BttMapEntry} words, one per external LBA)
 * @param logOffset        the flog's offset ({@link BttFlogEntry} pairs, one group per free block)
 * @param info2Offset      the backup info block's offset
 */
public record BttInfoBlock(UUID uuid, UUID parentUuid, int flags, int versionMajor, int versionMinor,
        long externalLbaSize, long externalNlba, long internalLbaSize, long internalNlba, long nfree,
        long infoSize, long nextOffset, long dataOffset, long mapOffset, long logOffset, long info2Offset) {

    public static final int SIZE = 4096;
    public static final String SIGNATURE_TEXT = "BTT_ARENA_INFO";
    /** Where a version 1.1 BTT's first arena starts in its namespace; a 2.0 one starts at 0. */
    public static final long V1_1_ARENA_OFFSET = 4096;

    static final int SIGNATURE = 0;
    static final int SIGNATURE_LEN = 16;
    static final int UUID_OFFSET = 16;
    static final int PARENT_UUID = 32;
    static final int FLAGS = 48;
    static final int VERSION_MAJOR = 52;
    static final int VERSION_MINOR = 54;
    static final int EXTERNAL_LBASIZE = 56;
    static final int EXTERNAL_NLBA = 60;
    static final int INTERNAL_LBASIZE = 64;
    static final int INTERNAL_NLBA = 68;
    static final int NFREE = 72;
    static final int INFOSIZE = 76;
    static final int NEXTOFF = 80;
    static final int DATAOFF = 88;
    static final int MAPOFF = 96;
    static final int LOGOFF = 104;
    static final int INFO2OFF = 112;
    static final int CHECKSUM = 4088;

    /** The block, if it has the BTT signature and its checksum holds. */
    public static Optional<BttInfoBlock> find(byte[] block) {
        if (block.length != SIZE || !checksumValid(block)
                || !Bytes.signature(block, SIGNATURE_LEN).equals(SIGNATURE_TEXT)) {
            return Optional.empty();
        }
        return Optional.of(parse(block));
    }

    public static BttInfoBlock parse(byte[] block) {
        if (block.length != SIZE) {
            throw new IllegalArgumentException("a BTT info block is " + SIZE + " bytes, not " + block.length);
        }
        ByteBuffer b = Bytes.le(block);
        return new BttInfoBlock(Bytes.uuid(block, UUID_OFFSET), Bytes.uuid(block, PARENT_UUID), b.getInt(FLAGS),
                Short.toUnsignedInt(b.getShort(VERSION_MAJOR)), Short.toUnsignedInt(b.getShort(VERSION_MINOR)),
                u32(b, EXTERNAL_LBASIZE), u32(b, EXTERNAL_NLBA), u32(b, INTERNAL_LBASIZE), u32(b, INTERNAL_NLBA),
                u32(b, NFREE), u32(b, INFOSIZE), b.getLong(NEXTOFF), b.getLong(DATAOFF), b.getLong(MAPOFF),
                b.getLong(LOGOFF), b.getLong(INFO2OFF));
    }

    public static boolean checksumValid(byte[] block) {
        return Bytes.le(block).getLong(CHECKSUM) == Fletcher64.ofBlockWithoutField(block, CHECKSUM);
    }

    public byte[] encode() {
        byte[] block = new byte[SIZE];
        Bytes.putSignature(block, SIGNATURE_TEXT);
        Bytes.putUuid(block, UUID_OFFSET, uuid);
        Bytes.putUuid(block, PARENT_UUID, parentUuid);
        Bytes.le(block).putInt(FLAGS, flags).putShort(VERSION_MAJOR, (short) versionMajor)
                .putShort(VERSION_MINOR, (short) versionMinor).putInt(EXTERNAL_LBASIZE, (int) externalLbaSize)
                .putInt(EXTERNAL_NLBA, (int) externalNlba).putInt(INTERNAL_LBASIZE, (int) internalLbaSize)
                .putInt(INTERNAL_NLBA, (int) internalNlba).putInt(NFREE, (int) nfree)
                .putInt(INFOSIZE, (int) infoSize).putLong(NEXTOFF, nextOffset).putLong(DATAOFF, dataOffset)
                .putLong(MAPOFF, mapOffset).putLong(LOGOFF, logOffset).putLong(INFO2OFF, info2Offset);
        Bytes.le(block).putLong(CHECKSUM, Fletcher64.ofBlockWithoutField(block, CHECKSUM));
        return block;
    }

    /** The bytes the block device shows for this arena. */
    public long externalSize() {
        return externalNlba * externalLbaSize;
    }

    private static long u32(ByteBuffer b, int at) {
        return Integer.toUnsignedLong(b.getInt(at));
    }
}
