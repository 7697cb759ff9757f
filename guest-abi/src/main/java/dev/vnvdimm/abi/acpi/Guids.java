package dev.vnvdimm.abi.acpi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;

/**
 * GUIDs as ACPI tables store them (UEFI 2.9 Appendix A, "EFI GUID Format"): the first three fields
 * little-endian, the last eight bytes in the order they are written. So
 * {@code 66F0D379-B4F3-4074-AC43-0D3318B78CDB} is stored as {@code 79 d3 f0 66 f3 b4 74 40 ac 43 0d 33 18 b7 8c db}.
 */
public final class Guids {

    public static final int SIZE = 16;

    private Guids() {
    }

    /** Writes {@code guid} at {@code offset} of {@code bytes} in GUID byte order. */
    public static void put(byte[] bytes, int offset, UUID guid) {
        long hi = guid.getMostSignificantBits();
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(offset, (int) (hi >>> 32));            // time_low
        b.putShort(offset + 4, (short) (hi >>> 16));    // time_mid
        b.putShort(offset + 6, (short) hi);             // time_hi_and_version
        b.order(ByteOrder.BIG_ENDIAN).putLong(offset + 8, guid.getLeastSignificantBits());
    }

    /** Reads a GUID stored at {@code offset} of {@code bytes} in GUID byte order. */
    public static UUID get(byte[] bytes, int offset) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long hi = (Integer.toUnsignedLong(b.getInt(offset)) << 32)
                | ((long) Short.toUnsignedInt(b.getShort(offset + 4)) << 16)
                | Short.toUnsignedInt(b.getShort(offset + 6));
        long lo = b.order(ByteOrder.BIG_ENDIAN).getLong(offset + 8);
        return new UUID(hi, lo);
    }
}
