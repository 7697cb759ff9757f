package dev.vnvdimm.guest.aml.runtime;

import java.nio.charset.StandardCharsets;

/** A loaded definition block (DSDT or SSDT): its raw bytes and the header fields the interpreter uses. */
public final class AmlTable {
    public static final int HEADER_SIZE = 36;

    public final byte[] bytes;
    final String signature;
    final int revision;
    final String oemTableId;

    AmlTable(byte[] bytes) {
        if (bytes.length < HEADER_SIZE) {
            throw new AmlException("AE_BAD_HEADER", "table shorter than its 36-byte header: " + bytes.length);
        }
        this.bytes = bytes;
        this.signature = new String(bytes, 0, 4, StandardCharsets.US_ASCII);
        this.revision = bytes[8] & 0xFF;
        this.oemTableId = new String(bytes, 16, 8, StandardCharsets.US_ASCII).replace("\0", "").trim();
        long len = (bytes[4] & 0xFFL) | (bytes[5] & 0xFFL) << 8 | (bytes[6] & 0xFFL) << 16 | (bytes[7] & 0xFFL) << 24;
        if (len != bytes.length) {
            throw new AmlException("AE_BAD_HEADER", signature + " header length " + len + " but " + bytes.length
                    + " bytes given");
        }
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
    String label() {
        return oemTableId.isEmpty() ? signature : signature + "(" + oemTableId + ")";
    }
}
