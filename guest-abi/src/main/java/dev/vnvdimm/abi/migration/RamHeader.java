package dev.vnvdimm.abi.migration;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The start of a RAM section's payload: {@code u16 n | block id (n bytes UTF-8) | u64 offset | u32 page count |
 * u8 kind}, then the page data ({@link #PAGES_DATA}) or nothing ({@link #PAGES_ZERO}). The offsets after the
 * block id count from its end.
 */
public record RamHeader(String blockId, long offset, int pageCount, int kind) {
    /** RAM travels in pages of this size, a run of consecutive pages per RAM section. */
    public static final int PAGE = 4096;
    /** At most this many pages in one RAM section (1 MiB), so a CRC covers a bounded amount. */
    public static final int MAX_PAGES_PER_SECTION = 256;

    /** Kind: page count × {@link #PAGE} bytes of data follow. */
    public static final int PAGES_DATA = 0;
    /** Kind: nothing follows, the pages are all zero. */
    public static final int PAGES_ZERO = 1;

    public static final int ID_LENGTH_OFFSET = 0;
    public static final int ID_OFFSET = 2;
    /** After the block id. */
    public static final int OFFSET_AFTER_ID = 0;
    public static final int PAGE_COUNT_AFTER_ID = 8;
    public static final int KIND_AFTER_ID = 12;
    static final int AFTER_ID = 13;

    /** The header's bytes, flipped for writing. */
    public ByteBuffer encode() {
        byte[] id = blockId.getBytes(StandardCharsets.UTF_8);
        int rest = ID_OFFSET + id.length;
        return ByteBuffer.allocate(rest + AFTER_ID).putShort(ID_LENGTH_OFFSET, (short) id.length).put(ID_OFFSET, id)
                .putLong(rest + OFFSET_AFTER_ID, offset).putInt(rest + PAGE_COUNT_AFTER_ID, pageCount)
                .put(rest + KIND_AFTER_ID, (byte) kind);
    }

    /**
     * Reads the header at {@code payload}'s position, leaving it at the page data.
     *
     * @throws java.nio.BufferUnderflowException when the payload is shorter than its header
     */
    public static RamHeader read(ByteBuffer payload) {
        byte[] id = new byte[Short.toUnsignedInt(payload.getShort())];
        payload.get(id);
        return new RamHeader(new String(id, StandardCharsets.UTF_8), payload.getLong(), payload.getInt(),
                Byte.toUnsignedInt(payload.get()));
    }
}
