package dev.vnvdimm.abi.acpi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The 36-byte System Description Table Header every ACPI table but the RSDP and FACS starts with
 * (ACPI 6.4 §5.2.6, Table 5.4). Values default to what QEMU's x86 machines write
 * (OEM ID {@code "BOCHS "}, OEM table ID {@code "BXPC    "}, creator {@code "BXPC"}, revisions 1).
 */
public record AcpiTableHeader(String signature, int revision, String oemId, String oemTableId,
                              long oemRevision, String creatorId, long creatorRevision) {

    public static final int SIZE = 36;
    public static final int SIGNATURE = 0;
    public static final int LENGTH = 4;
    public static final int REVISION = 8;
    public static final int CHECKSUM = 9;
    public static final int OEM_ID = 10;
    public static final int OEM_TABLE_ID = 16;
    public static final int OEM_REVISION = 24;
    public static final int CREATOR_ID = 28;
    public static final int CREATOR_REVISION = 32;

    /** QEMU's x86 defaults (include/hw/acpi/aml-build.h ACPI_BUILD_APPNAME6/8). */
    public static final String QEMU_OEM_ID = "BOCHS ";
    public static final String QEMU_OEM_TABLE_ID = "BXPC    ";
    public static final String QEMU_CREATOR_ID = "BXPC";

    public AcpiTableHeader {
        if (signature.length() != 4) {
            throw new IllegalArgumentException("ACPI signature must be 4 characters: '" + signature + "'");
        }
    }

    /** A header as QEMU writes it for the given signature and revision. */
    public static AcpiTableHeader qemu(String signature, int revision) {
        return new AcpiTableHeader(signature, revision, QEMU_OEM_ID, QEMU_OEM_TABLE_ID, 1, QEMU_CREATOR_ID, 1);
    }

    /** The same header with another OEM table ID (the NVDIMM SSDT uses "NVDIMM"). */
    public AcpiTableHeader withOemTableId(String id) {
        return new AcpiTableHeader(signature, revision, oemId, id, oemRevision, creatorId, creatorRevision);
    }

    /**
     * Writes this header over the first 36 bytes of {@code table}, with the table's length,
     * and sets the checksum so that all bytes of the table sum to zero.
     */
    public byte[] seal(byte[] table) {
        ByteBuffer b = ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN);
        putPadded(b, SIGNATURE, signature, 4, (byte) 0);
        b.putInt(LENGTH, table.length);
        b.put(REVISION, (byte) revision);
        putPadded(b, OEM_ID, oemId, 6, (byte) 0);
        putPadded(b, OEM_TABLE_ID, oemTableId, 8, (byte) 0);
        b.putInt(OEM_REVISION, (int) oemRevision);
        putPadded(b, CREATOR_ID, creatorId, 4, (byte) 0);
        b.putInt(CREATOR_REVISION, (int) creatorRevision);
        fixChecksum(table, CHECKSUM, 0, table.length);
        return table;
    }

    /** Sets {@code bytes[at]} so that {@code bytes[from, from+len)} sums to zero mod 256. */
    public static void fixChecksum(byte[] bytes, int at, int from, int len) {
        bytes[at] = 0;
        bytes[at] = (byte) -sum(bytes, from, len);
    }

    /** The byte sum of a range, mod 256; a valid ACPI table sums to 0. */
    public static int sum(byte[] bytes, int from, int len) {
        int s = 0;
        for (int i = from; i < from + len; i++) {
            s += bytes[i];
        }
        return s & 0xFF;
    }

    /** Reads a header back from table bytes. */
    public static AcpiTableHeader parse(byte[] table) {
        ByteBuffer b = ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN);
        return new AcpiTableHeader(ascii(table, SIGNATURE, 4), table[REVISION] & 0xFF, ascii(table, OEM_ID, 6),
                ascii(table, OEM_TABLE_ID, 8), Integer.toUnsignedLong(b.getInt(OEM_REVISION)),
                ascii(table, CREATOR_ID, 4), Integer.toUnsignedLong(b.getInt(CREATOR_REVISION)));
    }

    private static String ascii(byte[] t, int off, int len) {
        return new String(t, off, len, StandardCharsets.US_ASCII);
    }

    private static void putPadded(ByteBuffer b, int off, String s, int width, byte pad) {
        byte[] chars = s.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < width; i++) {
            b.put(off + i, i < chars.length ? chars[i] : pad);
        }
    }
}
