package dev.vnvdimm.abi.aml;

/**
 * The PkgLength encoding (ACPI 6.4 §20.2.4, "Package Length Encoding"): 1 to 4 bytes, always the shortest form.
 * <ul>
 *   <li>values up to 0x3F fit in the lead byte's bits 5..0, bits 7..6 = 0;</li>
 *   <li>otherwise bits 7..6 of the lead byte give the number of following bytes (1..3), the lead byte's bits 3..0
 *       carry the least significant nibble and each following byte the next 8 bits.</li>
 * </ul>
 * The same encoding serves two purposes: the length of a block, which counts the PkgLength bytes themselves
 * ({@link #forBody}), and the bit width of a field in a FieldList, which is just a value ({@link #encode}).
 */
public final class PkgLength {

    /** The largest value four bytes can hold (4 + 8 + 8 + 8 bits). */
    public static final int MAX = 0x0FFF_FFFF;

    private static final int ONE_BYTE_MAX = 0x3F;
    private static final int TWO_BYTE_MAX = 0xFFF;
    private static final int THREE_BYTE_MAX = 0xF_FFFF;

    private PkgLength() {
    }

    /** Bytes needed to encode {@code value}. */
    public static int sizeOf(int value) {
        checkRange(value);
        if (value <= ONE_BYTE_MAX) {
            return 1;
        }
        if (value <= TWO_BYTE_MAX) {
            return 2;
        }
        return value <= THREE_BYTE_MAX ? 3 : 4;
    }

    /** The encoding of {@code value} as a bare number (as used for field widths). */
    public static byte[] encode(int value) {
        int size = sizeOf(value);
        byte[] out = new byte[size];
        if (size == 1) {
            out[0] = (byte) value;
            return out;
        }
        out[0] = (byte) (((size - 1) << 6) | (value & 0x0F));
        for (int i = 1; i < size; i++) {
            out[i] = (byte) (value >>> (4 + 8 * (i - 1)));
        }
        return out;
    }

    /**
     * The PkgLength in front of a block whose contents after the PkgLength are {@code bodyLength} bytes long.
     * The encoded value includes the PkgLength's own bytes, so the size is chosen for {@code body + size}.
     */
    public static byte[] forBody(int bodyLength) {
        for (int size = 1; size <= 4; size++) {
            long total = (long) bodyLength + size;
            if (total <= MAX && sizeOf((int) total) == size) {
                return encode((int) total);
            }
        }
        throw new IllegalArgumentException("AML block too long for a PkgLength: " + bodyLength + " bytes");
    }

    /**
     * The bytes the PkgLength at {@code offset} takes, from its lead byte (1 + bits 7..6). Writers need not use the
     * shortest form: iasl writes a field width of 0x3F in two bytes.
     */
    public static int encodedLength(byte[] aml, int offset) {
        return 1 + ((aml[offset] & 0xFF) >>> 6);
    }

    /** Decodes a PkgLength at {@code offset}; the value as written (for a block it includes the PkgLength bytes). */
    public static int decode(byte[] aml, int offset) {
        int lead = aml[offset] & 0xFF;
        int following = encodedLength(aml, offset) - 1;
        if (following == 0) {
            return lead & 0x3F;
        }
        int value = lead & 0x0F;
        for (int i = 1; i <= following; i++) {
            value |= (aml[offset + i] & 0xFF) << (4 + 8 * (i - 1));
        }
        return value;
    }

    private static void checkRange(int value) {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException("PkgLength value out of range 0.." + MAX + ": " + value);
        }
    }
}
