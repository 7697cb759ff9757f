package dev.vnvdimm.guest.aml.runtime;

import dev.vnvdimm.abi.acpi.AcpiTableHeader;

import java.nio.charset.StandardCharsets;

/** A loaded definition block (DSDT or SSDT): its raw bytes and the header fields the interpreter uses. */
public final class AmlTable {
    public static final int HEADER_SIZE = 36;
    /** The OEM ID field of the header (ACPI 6.4 §5.2.6): offset and length. */
    static final int[] OEM_ID = {AcpiTableHeader.OEM_ID, AcpiTableHeader.OEM_TABLE_ID - AcpiTableHeader.OEM_ID};
    /** The OEM Table ID field of the header: offset and length. */
    static final int[] OEM_TABLE_ID = {AcpiTableHeader.OEM_TABLE_ID,
            AcpiTableHeader.OEM_REVISION - AcpiTableHeader.OEM_TABLE_ID};

    public final byte[] bytes;
    final String signature;
    final int revision;
    final String oemTableId;
    /** Loaded into the namespace (guarded by the interpreter lock); a table can also be only known, for LoadTable. */
    boolean loaded;

    AmlTable(byte[] bytes) {
        if (bytes.length < HEADER_SIZE) {
            throw new AmlException("AE_BAD_HEADER", "table shorter than its 36-byte header: " + bytes.length);
        }
        this.bytes = bytes;
        this.signature = new String(bytes, 0, 4, StandardCharsets.US_ASCII);
        this.revision = bytes[8] & 0xFF;
        this.oemTableId = new String(bytes, 16, 8, StandardCharsets.US_ASCII).replace("\0", "").trim();
        long len = headerLength(bytes);
        if (len != bytes.length) {
            throw new AmlException("AE_BAD_HEADER", signature + " header length " + len + " but " + bytes.length
                    + " bytes given");
        }
    }

    /** The Length field of a table header (ACPI 6.4 §5.2.6) at the start of {@code bytes} (at least 8 of them). */
    static long headerLength(byte[] bytes) {
        int at = AcpiTableHeader.LENGTH;
        return (bytes[at] & 0xFFL) | (bytes[at + 1] & 0xFFL) << 8 | (bytes[at + 2] & 0xFFL) << 16
                | (bytes[at + 3] & 0xFFL) << 24;
    }

    /** True if the header field {@code field} ({@link #OEM_ID} …) holds {@code value} padded with NULs. */
    boolean headerFieldIs(int[] field, String value) {
        byte[] v = value.getBytes(StandardCharsets.ISO_8859_1);
        if (v.length > field[1]) {
            return false;
        }
        for (int i = 0; i < field[1]; i++) {
            if (bytes[field[0] + i] != (i < v.length ? v[i] : 0)) {
                return false;
            }
        }
        return true;
    }

    boolean checksumOk() {
        int sum = 0;
        for (byte b : bytes) {
            sum += b;
        }
        return (sum & 0xFF) == 0;
    }

    public String signature() {
        return signature;
    }

    public int revision() {
        return revision;
    }

    public String oemTableId() {
        return oemTableId;
    }

    /** e.g. {@code SSDT(NVDIMM)}, as used in error locations. */
    public String label() {
        return oemTableId.isEmpty() ? signature : signature + "(" + oemTableId + ")";
    }
}
