package dev.vnvdimm.abi.infoblock;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.UUID;

/**
 * The 4 KiB info block that claims a pmem namespace for fsdax ({@code NVDIMM_PFN_INFO}) or devdax
 * ({@code NVDIMM_DAX_INFO}), as Linux's libnvdimm lays it out ({@code struct nd_pfn_sb}, drivers/nvdimm/pfn.h,
 * version 1.4 since Linux 5.7). It sits {@value #OFFSET_IN_NAMESPACE} bytes into the namespace, clear of a
 * partition table; the data the block device or character device shows starts {@code dataOffset} bytes in,
 * after the info block and (with {@code mode} {@link #MODE_PMEM}, ndctl's "map dev") the struct-page array.
 * All fields little-endian; UUIDs in their printed byte order; the bytes between {@code page_struct_size} and
 * the checksum are zero (guaranteed since minor version 3).
 *
 * @param signature      {@link #PFN_SIGNATURE} (fsdax) or {@link #DAX_SIGNATURE} (devdax)
 * @param uuid           the PFN or DAX device's UUID: what {@code ndctl list} shows as the namespace's uuid
 * @param parentUuid     the namespace (label) UUID: {@code ndctl list -v}'s {@code raw_uuid}
 * @param dataOffset     bytes from the namespace start (plus {@code startPad}) to the first data page
 * @param npfns          the data's size in pages of {@code pageSize}
 * @param mode           {@link #MODE_RAM} (memmap in system memory, "map mem") or {@link #MODE_PMEM} ("map dev")
 * @param startPad       bytes skipped at the start to reach an aligned section (0 on QEMU's aligned ranges)
 * @param endTrunc       bytes cut at the end for the same reason
 * @param align          the mapping's alignment, ndctl's {@code align}
 * @param pageStructSize the size of Linux's {@code struct page} the reservation was computed with (64)
 */
public record PfnInfoBlock(String signature, UUID uuid, UUID parentUuid, int flags, int versionMajor,
        int versionMinor, long dataOffset, long npfns, int mode, long startPad, long endTrunc, long align,
        long pageSize, int pageStructSize) {

    public static final int SIZE = 4096;
    public static final long OFFSET_IN_NAMESPACE = 4096;
    public static final String PFN_SIGNATURE = "NVDIMM_PFN_INFO";
    public static final String DAX_SIGNATURE = "NVDIMM_DAX_INFO";
    public static final int MODE_RAM = 1;
    public static final int MODE_PMEM = 2;

    static final int SIGNATURE = 0;
    static final int SIGNATURE_LEN = 16;
    static final int UUID_OFFSET = 16;
    static final int PARENT_UUID = 32;
    static final int FLAGS = 48;
    static final int VERSION_MAJOR = 52;
    static final int VERSION_MINOR = 54;
    static final int DATAOFF = 56;
    static final int NPFNS = 64;
    static final int MODE = 72;
    static final int START_PAD = 76;
    static final int END_TRUNC = 80;
    static final int ALIGN = 84;
    static final int PAGE_SIZE = 88;
    static final int PAGE_STRUCT_SIZE = 92;
    static final int CHECKSUM = 4088;

    /** The block in a namespace's bytes at {@link #OFFSET_IN_NAMESPACE}, if it has a known signature and sums. */
    public static Optional<PfnInfoBlock> find(byte[] block) {
        if (block.length != SIZE || !checksumValid(block)) {
            return Optional.empty();
        }
        String sig = Bytes.signature(block, SIGNATURE_LEN);
        return sig.equals(PFN_SIGNATURE) || sig.equals(DAX_SIGNATURE) ? Optional.of(parse(block)) : Optional.empty();
    }

    /** The fields of a block, whatever its signature and checksum. */
    public static PfnInfoBlock parse(byte[] block) {
        if (block.length != SIZE) {
            throw new IllegalArgumentException("a PFN info block is " + SIZE + " bytes, not " + block.length);
        }
        ByteBuffer b = Bytes.le(block);
        return new PfnInfoBlock(Bytes.signature(block, SIGNATURE_LEN), Bytes.uuid(block, UUID_OFFSET),
                Bytes.uuid(block, PARENT_UUID), b.getInt(FLAGS), Short.toUnsignedInt(b.getShort(VERSION_MAJOR)),
                Short.toUnsignedInt(b.getShort(VERSION_MINOR)), b.getLong(DATAOFF), b.getLong(NPFNS),
                b.getInt(MODE), Integer.toUnsignedLong(b.getInt(START_PAD)),
                Integer.toUnsignedLong(b.getInt(END_TRUNC)), Integer.toUnsignedLong(b.getInt(ALIGN)),
                Integer.toUnsignedLong(b.getInt(PAGE_SIZE)), Short.toUnsignedInt(b.getShort(PAGE_STRUCT_SIZE)));
    }

    public static boolean checksumValid(byte[] block) {
        return Bytes.le(block).getLong(CHECKSUM) == Fletcher64.ofBlockWithoutField(block, CHECKSUM);
    }

    /** The 4 KiB block, checksum included. */
    public byte[] encode() {
        byte[] block = new byte[SIZE];
        Bytes.putSignature(block, signature);
        Bytes.putUuid(block, UUID_OFFSET, uuid);
        Bytes.putUuid(block, PARENT_UUID, parentUuid);
        Bytes.le(block).putInt(FLAGS, flags).putShort(VERSION_MAJOR, (short) versionMajor)
                .putShort(VERSION_MINOR, (short) versionMinor).putLong(DATAOFF, dataOffset).putLong(NPFNS, npfns)
                .putInt(MODE, mode).putInt(START_PAD, (int) startPad).putInt(END_TRUNC, (int) endTrunc)
                .putInt(ALIGN, (int) align).putInt(PAGE_SIZE, (int) pageSize)
                .putShort(PAGE_STRUCT_SIZE, (short) pageStructSize);
        Bytes.le(block).putLong(CHECKSUM, Fletcher64.ofBlockWithoutField(block, CHECKSUM));
        return block;
    }

    /** fsdax (a block device) or devdax (a character device). */
    public boolean devdax() {
        return signature.equals(DAX_SIGNATURE);
    }

    /** The bytes the pmem or dax device shows: the pages after the data offset. */
    public long dataSize() {
        return npfns * pageSize;
    }
}
