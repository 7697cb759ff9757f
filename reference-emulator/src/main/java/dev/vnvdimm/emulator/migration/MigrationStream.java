package dev.vnvdimm.emulator.migration;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The kit's migration stream, version 1 — defined here and nowhere else. Big-endian throughout.
 *
 * <pre>
 * stream  := header section* END-section
 * header  := magic "VNVDMIG1" (8 bytes) | u32 version (1) | u16 n | machine type (n bytes UTF-8, e.g. "pc")
 * section := u8 type | u32 length | payload (length bytes) | u32 CRC-32C of type, length and payload
 *
 * CONFIG (1)       payload: UTF-8 JSON of {@link MachineDescription} — every device and RAM block, first of all
 * RAM (2)          payload: u16 n | block id (n bytes) | u64 offset | u32 page count | u8 kind |
 *                           kind 0: page count × 4096 bytes of data; kind 1: nothing — the pages are all zero
 * DEVICE_STATE (3) payload: UTF-8 JSON of {@link DeviceState}
 * GUEST_STATE (4)  payload: opaque bytes from the guest running on the source (empty when there is none)
 * END (255)        payload: empty
 * </pre>
 *
 * On a socket the destination answers on the same connection, one line: {@value #RETURN_OK} once END is
 * loaded, or {@value #RETURN_ERROR} and the reason when it refuses or fails — so the source never reports
 * "completed" for a migration the destination did not take, and can say why it was refused.
 *
 * A receiver checks every section's CRC before it uses the section, and the CONFIG section against its own
 * machine before it writes a single byte of memory.
 */
public final class MigrationStream {
    public static final byte[] MAGIC = "VNVDMIG1".getBytes(StandardCharsets.US_ASCII);
    public static final int VERSION = 1;

    public static final int CONFIG = 1;
    public static final int RAM = 2;
    public static final int DEVICE_STATE = 3;
    public static final int GUEST_STATE = 4;
    public static final int END = 255;

    public static final String RETURN_OK = "OK";
    public static final String RETURN_ERROR = "ERR ";

    public static final int PAGES_DATA = 0;
    public static final int PAGES_ZERO = 1;

    /** RAM travels in pages of this size, a run of consecutive pages per RAM section. */
    public static final int PAGE = 4096;
    /** At most this many pages in one RAM section (1 MiB), so a CRC covers a bounded amount. */
    public static final int MAX_PAGES_PER_SECTION = 256;
    /** A section longer than this is corrupt, not big. */
    static final int MAX_SECTION = 8 << 20;

    private MigrationStream() {
    }

    /** One section as read. */
    public record Section(int type, byte[] payload) {
    }

    public static void writeHeader(DataOutputStream out, String machineType) throws IOException {
        out.write(MAGIC);
        out.writeInt(VERSION);
        byte[] t = machineType.getBytes(StandardCharsets.UTF_8);
        out.writeShort(t.length);
        out.write(t);
    }

    /** Reads and checks the header; returns the source's machine type. */
    public static String readHeader(DataInputStream in) throws IOException {
        byte[] magic = new byte[MAGIC.length];
        in.readFully(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new MigrationException("not a vnvdimm migration stream (bad magic)");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new MigrationException("migration stream version " + version + " is not supported (this is "
                    + VERSION + ")");
        }
        byte[] t = new byte[in.readUnsignedShort()];
        in.readFully(t);
        return new String(t, StandardCharsets.UTF_8);
    }

    public static void writeSection(DataOutputStream out, int type, byte[] payload) throws IOException {
        writeSection(out, type, payload, 0, payload.length);
    }

    public static void writeSection(DataOutputStream out, int type, byte[] payload, int off, int len)
            throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(type);
        crc.update(new byte[] {(byte) (len >>> 24), (byte) (len >>> 16), (byte) (len >>> 8), (byte) len});
        crc.update(payload, off, len);
        out.writeByte(type);
        out.writeInt(len);
        out.write(payload, off, len);
        out.writeInt((int) crc.getValue());
    }

    /** The destination's answer on the return path. */
    public static void writeReturn(OutputStream out, String errorOrNull) throws IOException {
        out.write(((errorOrNull == null ? RETURN_OK : RETURN_ERROR + errorOrNull.replace('\n', ' ')) + "\n")
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /**
     * Reads the destination's answer: null for OK, else the reason. A connection that ends without one is an
     * error too (the destination died).
     */
    public static String readReturn(InputStream in) {
        try {
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
            for (int c = in.read(); c >= 0 && c != '\n' && line.size() < 4096; c = in.read()) {
                line.write(c);
            }
            String s = line.toString(StandardCharsets.UTF_8);
            if (s.equals(RETURN_OK)) {
                return null;
            }
            return s.startsWith(RETURN_ERROR) ? s.substring(RETURN_ERROR.length())
                    : "the destination closed the connection without an answer";
        } catch (IOException e) {
            return "the destination closed the connection without an answer (" + e.getMessage() + ")";
        }
    }

    /** Reads one section and checks its CRC; a truncated or corrupt section is an error, never returned. */
    public static Section readSection(DataInputStream in) throws IOException {
        try {
            int type = in.readUnsignedByte();
            int len = in.readInt();
            if (len < 0 || len > MAX_SECTION) {
                throw new MigrationException("corrupt migration stream: section of type " + type + " claims "
                        + len + " bytes");
            }
            byte[] payload = new byte[len];
            in.readFully(payload);
            int expected = in.readInt();
            CRC32C crc = new CRC32C();
            crc.update(type);
            crc.update(new byte[] {(byte) (len >>> 24), (byte) (len >>> 16), (byte) (len >>> 8), (byte) len});
            crc.update(payload);
            if ((int) crc.getValue() != expected) {
                throw new MigrationException("corrupt migration stream: checksum mismatch in a section of type "
                        + type);
            }
            return new Section(type, payload);
        } catch (EOFException e) {
            throw new MigrationException("migration stream ended before its END section (truncated)");
        }
    }
}
