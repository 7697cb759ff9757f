package dev.vnvdimm.abi.acpi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The Root System Description Pointer, ACPI 2.0+ form (ACPI 6.4 §5.2.5.3): 36 bytes that firmware places
 * on a 16-byte boundary in the BIOS read-only area 0xE0000–0xFFFFF, where a legacy guest finds it by
 * scanning for {@code "RSD PTR "}. It has no standard header; it carries two checksums, one over the
 * ACPI 1.0 part (the first 20 bytes) and one over all 36. {@link #parse} also reads the ACPI 1.0 form.
 *
 * <p>Addresses are whatever the caller passes: absolute guest-physical addresses, or offsets into
 * {@code etc/acpi/tables} that an ADD_POINTER command later turns into addresses.
 *
 * @param oemId        six characters, NUL-padded; QEMU's x86 default is {@code "BOCHS "}
 * @param rsdtAddress  32-bit physical address of the RSDT
 * @param xsdtAddress  64-bit physical address of the XSDT
 */
public record Rsdp(String oemId, long rsdtAddress, long xsdtAddress) {

    public static final String SIGNATURE = "RSD PTR ";
    public static final int SIGNATURE_OFFSET = 0;
    public static final int CHECKSUM = 8;
    public static final int OEM_ID = 9;
    public static final int REVISION = 15;
    public static final int RSDT_ADDRESS = 16;
    public static final int LENGTH = 20;
    public static final int XSDT_ADDRESS = 24;
    public static final int EXTENDED_CHECKSUM = 32;
    public static final int RESERVED = 33;
    public static final int SIZE = 36;
    /** The ACPI 1.0 part the first checksum covers. */
    public static final int V1_SIZE = 20;
    /** Revision 2 means "ACPI 2.0 or later": the Length, XSDT and extended checksum fields exist. */
    public static final int ACPI_2_REVISION = 2;
    /** The RSDP must start on a 16-byte boundary (ACPI 6.4 §5.2.5.1). */
    public static final int ALIGNMENT = 16;

    public Rsdp {
        if (oemId.length() > 6) {
            throw new IllegalArgumentException("OEM ID is at most 6 characters: '" + oemId + "'");
        }
        if (rsdtAddress < 0 || rsdtAddress > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("RSDT address must fit in 32 bits: 0x" + Long.toHexString(rsdtAddress));
        }
    }

    /** An RSDP with QEMU's OEM ID. */
    public static Rsdp qemu(long rsdtAddress, long xsdtAddress) {
        return new Rsdp(AcpiTableHeader.QEMU_OEM_ID, rsdtAddress, xsdtAddress);
    }

    /** The 36 bytes, both checksums set. */
    public byte[] bytes() {
        byte[] out = new byte[SIZE];
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        b.put(SIGNATURE_OFFSET, SIGNATURE.getBytes(StandardCharsets.US_ASCII));
        byte[] oem = oemId.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(oem, 0, out, OEM_ID, oem.length);
        out[REVISION] = ACPI_2_REVISION;
        b.putInt(RSDT_ADDRESS, (int) rsdtAddress);
        b.putInt(LENGTH, SIZE);
        b.putLong(XSDT_ADDRESS, xsdtAddress);
        seal(out);
        return out;
    }

    /** Sets both checksums of RSDP bytes: the ACPI 1.0 one first, since the extended one covers it. */
    public static void seal(byte[] rsdp) {
        AcpiTableHeader.fixChecksum(rsdp, CHECKSUM, 0, V1_SIZE);
        AcpiTableHeader.fixChecksum(rsdp, EXTENDED_CHECKSUM, 0, SIZE);
    }

    /**
     * Reads an RSDP, checking signature, Length and the checksums its revision has. An ACPI 1.0 RSDP (revision
     * 0: 20 bytes, the form QEMU 7.2's x86 machines ask SeaBIOS for) has no XSDT and reads with XSDT address 0;
     * the bytes after its 20 are not looked at.
     *
     * @throws AcpiTableFormatException naming the offending offset
     */
    public static Rsdp parse(byte[] bytes) {
        String name = "RSDP";
        int size = bytes.length >= REVISION + 1 && (bytes[REVISION] & 0xFF) < ACPI_2_REVISION ? V1_SIZE : SIZE;
        if (bytes.length < size) {
            throw new AcpiTableFormatException(name, bytes.length, "only " + bytes.length + " of " + size + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (!SIGNATURE.equals(new String(bytes, 0, 8, StandardCharsets.US_ASCII))) {
            throw new AcpiTableFormatException(name, SIGNATURE_OFFSET, "no \"RSD PTR \" signature");
        }
        if (AcpiTableHeader.sum(bytes, 0, V1_SIZE) != 0) {
            throw new AcpiTableFormatException(name, CHECKSUM, "first 20 bytes do not sum to 0");
        }
        if (size == V1_SIZE) {
            return new Rsdp(new String(bytes, OEM_ID, 6, StandardCharsets.US_ASCII),
                    Integer.toUnsignedLong(b.getInt(RSDT_ADDRESS)), 0);
        }
        if (b.getInt(LENGTH) != SIZE) {
            throw new AcpiTableFormatException(name, LENGTH, "Length " + b.getInt(LENGTH) + ", expected " + SIZE);
        }
        if (AcpiTableHeader.sum(bytes, 0, SIZE) != 0) {
            throw new AcpiTableFormatException(name, EXTENDED_CHECKSUM, "the 36 bytes do not sum to 0");
        }
        return new Rsdp(new String(bytes, OEM_ID, 6, StandardCharsets.US_ASCII),
                Integer.toUnsignedLong(b.getInt(RSDT_ADDRESS)), b.getLong(XSDT_ADDRESS));
    }
}
