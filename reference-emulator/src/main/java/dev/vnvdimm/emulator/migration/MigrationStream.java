package dev.vnvdimm.emulator.migration;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
 *                           kind 0: page count × 4096 bytes of data; kind 1: nothing — the pages are all zero;
 *                           the offset is a multiple of 4096, and the run (at least one page) lies inside the block
 * DEVICE_STATE (3) payload: UTF-8 JSON of {@link DeviceState}
 * GUEST_STATE (4)  payload: opaque bytes from the guest running on the source (empty when there is none)
 * SYNC (5)         payload: empty; sent only on a connection with a return path (see below)
 * MULTIFD (6)      payload: u16 channel count | u64 session; only with the multifd capability, right after CONFIG
 * END (255)        payload: empty
 * </pre>
 *
 * <p><b>multifd</b> (QEMU's capability of that name; a migration without it never sends MULTIFD, and its
 * stream is exactly the one above). The main connection announces the channels in a MULTIFD section; the
 * destination answers {@value #RETURN_SYNCED} once it is ready to accept them (or {@value #RETURN_ERROR}
 * and why it refuses: multifd off here, another channel count). The source then opens that many further
 * connections to the same address, each starting with
 * <pre>
 * channel := magic "VNVDMFD1" (8 bytes) | u64 session (the MULTIFD section's) | u16 index | section*
 * </pre>
 * and carrying RAM and SYNC sections only; the main connection carries everything else, and the few pages
 * of the stop-and-copy (sent while the guest is paused, they go without a hand-over between threads). Every
 * pre-copy pass ends with a SYNC on every channel (unanswered), and the pass's SYNC on the main connection
 * is answered only once every channel has loaded up to its own SYNC of that pass. So the pages of one pass
 * are all loaded before any page of the next one (or of the stop-and-copy) is sent, and a page dirtied again
 * always lands after its older copy, whichever connections the two copies took.
 *
 * On a socket the destination answers on the same connection, one line: {@value #RETURN_OK} once END is
 * loaded, or {@value #RETURN_ERROR} and the reason when it refuses or fails — so the source never reports
 * "completed" for a migration the destination did not take, and can say why it was refused. Before that, it
 * answers each SYNC section with {@value #RETURN_SYNCED} once it has loaded every section before it (or with
 * {@value #RETURN_ERROR} and the reason if it refused the stream meanwhile): the source syncs after each
 * pre-copy pass, so it never pauses the guest while the destination is still loading a backlog of pages.
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
    public static final int SYNC = 5;
    public static final int MULTIFD = 6;
    public static final byte[] CHANNEL_MAGIC = "VNVDMFD1".getBytes(StandardCharsets.US_ASCII);
    public static final int END = 255;

    public static final String RETURN_OK = "OK";
    public static final String RETURN_ERROR = "ERR ";
    public static final String RETURN_SYNCED = "SYNCED";

    public static final int PAGES_DATA = 0;
    public static final int PAGES_ZERO = 1;

    /** RAM travels in pages of this size, a run of consecutive pages per RAM section. */
    public static final int PAGE = 4096;
    /** At most this many pages in one RAM section (1 MiB), so a CRC covers a bounded amount. */
    public static final int MAX_PAGES_PER_SECTION = 256;
    /** A section longer than this is corrupt, not big. */
    static final int MAX_SECTION = 8 << 20;
    /** Section type and length before the payload; the CRC after it. */
    static final int SECTION_HEADER = 5;
    static final int SECTION_TRAILER = 4;
    /** Bytes of a RAM payload before its page data, given the block id's length. */
    static int ramHeaderLength(int idLength) {
        return 2 + idLength + 8 + 4 + 1;
    }

    /**
     * The start of a RAM payload: block id, offset of the first page, page count and kind
     * ({@link #PAGES_DATA} or {@link #PAGES_ZERO}); flipped for writing.
     */
    public static ByteBuffer ramHeader(String blockId, long offset, int pageCount, int kind) {
        byte[] id = blockId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(ramHeaderLength(id.length)).putShort((short) id.length).put(id).putLong(offset)
                .putInt(pageCount).put((byte) kind).flip();
    }

    /** A RAM payload's header, as {@link #ramHeader} writes it and {@link #readRamHeader} reads it. */
    public record RamHeader(String blockId, long offset, int pageCount, int kind) {
    }

    /**
     * Reads the start of a RAM payload written by {@link #ramHeader}, leaving {@code payload} at the page data.
     *
     * @throws java.nio.BufferUnderflowException when the payload is shorter than its header
     */
    public static RamHeader readRamHeader(ByteBuffer payload) {
        byte[] id = new byte[Short.toUnsignedInt(payload.getShort())];
        payload.get(id);
        return new RamHeader(new String(id, StandardCharsets.UTF_8), payload.getLong(), payload.getInt(),
                Byte.toUnsignedInt(payload.get()));
    }

    private MigrationStream() {
    }

    /** The MULTIFD section's payload. */
    public static byte[] multifd(int channels, long session) {
        return ByteBuffer.allocate(2 + 8).putShort((short) channels).putLong(session).array();
    }

    /** A MULTIFD section's payload, as {@link #multifd} writes it and {@link #readMultifd} reads it. */
    public record Multifd(int channels, long session) {
    }

    /**
     * Reads a MULTIFD section's payload.
     *
     * @throws java.nio.BufferUnderflowException when the payload is too short
     */
    public static Multifd readMultifd(ByteBuffer payload) {
        return new Multifd(Short.toUnsignedInt(payload.getShort()), payload.getLong());
    }

    /** The start of a multifd channel: which migration it belongs to, and its index. */
    public static void writeChannelHeader(WritableByteChannel out, long session, int index) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(CHANNEL_MAGIC.length + 8 + 2);
        b.put(CHANNEL_MAGIC).putLong(session).putShort((short) index).flip();
        writeFully(out, b);
    }

    /** Reads and checks the start of a multifd channel of migration {@code session}; returns its index. */
    public static int readChannelHeader(ReadableByteChannel in, long session) throws IOException {
        ByteBuffer b;
        try {
            b = readExactly(in, ByteBuffer.allocate(CHANNEL_MAGIC.length + 8 + 2));
        } catch (EOFException e) {
            throw new MigrationException("a multifd channel closed before its header");
        }
        byte[] magic = new byte[CHANNEL_MAGIC.length];
        b.get(magic);
        if (!Arrays.equals(magic, CHANNEL_MAGIC)) {
            throw new MigrationException("a connection to the migration address is not a multifd channel (bad magic)");
        }
        long s = b.getLong();
        if (s != session) {
            throw new MigrationException("a multifd channel belongs to another migration (session " + Long.toHexString(s)
                    + ", expected " + Long.toHexString(session) + ")");
        }
        return Short.toUnsignedInt(b.getShort());
    }

    /** One section as read: its payload is valid until the next section is read into the same buffer. */
    public record Section(int type, ByteBuffer payload) {
        public byte[] bytes() {
            byte[] b = new byte[payload.remaining()];
            payload.duplicate().get(b);
            return b;
        }
    }

    public static void writeHeader(WritableByteChannel out, String machineType) throws IOException {
        byte[] t = machineType.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 4 + 2 + t.length);
        b.put(MAGIC).putInt(VERSION).putShort((short) t.length).put(t).flip();
        writeFully(out, b);
    }

    /** Reads and checks the header; returns the source's machine type. */
    public static String readHeader(ReadableByteChannel in) throws IOException {
        ByteBuffer fixed = readExactly(in, ByteBuffer.allocate(MAGIC.length + 4 + 2));
        byte[] magic = new byte[MAGIC.length];
        fixed.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new MigrationException("not a vnvdimm migration stream (bad magic)");
        }
        int version = fixed.getInt();
        if (version != VERSION) {
            throw new MigrationException("migration stream version " + version + " is not supported (this is "
                    + VERSION + ")");
        }
        ByteBuffer type = readExactly(in, ByteBuffer.allocate(Short.toUnsignedInt(fixed.getShort())));
        return StandardCharsets.UTF_8.decode(type).toString();
    }

    public static void writeSection(WritableByteChannel out, int type, byte[] payload) throws IOException {
        writeSection(out, type, ByteBuffer.wrap(payload));
    }

    /** Writes one section whose payload is the concatenation of {@code parts} (their positions are kept). */
    public static void writeSection(WritableByteChannel out, int type, ByteBuffer... parts) throws IOException {
        long len = 0;
        for (ByteBuffer p : parts) {
            len += p.remaining();
        }
        ByteBuffer head = ByteBuffer.allocate(SECTION_HEADER).put((byte) type).putInt((int) len).flip();
        CRC32C crc = new CRC32C();
        crc.update(head.duplicate());
        ByteBuffer[] all = new ByteBuffer[parts.length + 2];
        all[0] = head;
        for (int i = 0; i < parts.length; i++) {
            all[i + 1] = parts[i].duplicate();
            crc.update(parts[i].duplicate());
        }
        all[all.length - 1] = ByteBuffer.allocate(SECTION_TRAILER).putInt((int) crc.getValue()).flip();
        if (out instanceof GatheringByteChannel g) {
            while (all[all.length - 1].hasRemaining()) {
                g.write(all); // one system call for header, payload and CRC
            }
        } else {
            for (ByteBuffer b : all) {
                writeFully(out, b);
            }
        }
    }

    /**
     * Reads one section into {@code staging} (at least {@link #MAX_SECTION} bytes) and checks its CRC; a
     * truncated or corrupt section is an error, never returned.
     */
    public static Section readSection(ReadableByteChannel in, ByteBuffer staging) throws IOException {
        try {
            ByteBuffer head = readExactly(in, ByteBuffer.allocate(SECTION_HEADER));
            int type = Byte.toUnsignedInt(head.get(0));
            int len = head.getInt(1);
            if (len < 0 || len > MAX_SECTION) {
                throw new MigrationException("corrupt migration stream: section of type " + type + " claims "
                        + len + " bytes");
            }
            staging.clear().limit(len);
            readExactly(in, staging);
            int expected = readExactly(in, ByteBuffer.allocate(SECTION_TRAILER)).getInt(0);
            CRC32C crc = new CRC32C();
            crc.update(head.rewind());
            crc.update(staging.duplicate());
            if ((int) crc.getValue() != expected) {
                throw new MigrationException("corrupt migration stream: checksum mismatch in a section of type "
                        + type);
            }
            return new Section(type, staging.asReadOnlyBuffer());
        } catch (EOFException e) {
            throw new MigrationException("migration stream ended before its END section (truncated)");
        }
    }

    /** A buffer big enough for any section. */
    public static ByteBuffer stagingBuffer() {
        return ByteBuffer.allocateDirect(MAX_SECTION);
    }

    /** The destination's answer on the return path. */
    public static void writeReturn(WritableByteChannel out, String errorOrNull) throws IOException {
        writeReturnLine(out, errorOrNull == null ? RETURN_OK : RETURN_ERROR + errorOrNull.replace('\n', ' '));
    }

    /** The destination's answer to a SYNC section: everything before it is loaded. */
    public static void writeSynced(WritableByteChannel out) throws IOException {
        writeReturnLine(out, RETURN_SYNCED);
    }

    private static void writeReturnLine(WritableByteChannel out, String line) throws IOException {
        writeFully(out, ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Reads the destination's answer to a SYNC section: null once it has loaded everything sent before the
     * SYNC, else why it refused the migration (or that it hung up without an answer).
     */
    public static String readSynced(ReadableByteChannel in) {
        return readAnswer(in, RETURN_SYNCED);
    }

    /**
     * Reads the destination's answer: null for OK, else the reason. A connection that ends without one is an
     * error too (the destination died).
     */
    public static String readReturn(ReadableByteChannel in) {
        return readAnswer(in, RETURN_OK);
    }

    private static String readAnswer(ReadableByteChannel in, String success) {
        try {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            ByteBuffer one = ByteBuffer.allocate(1);
            while (line.size() < 4096) {
                one.clear();
                if (in.read(one) < 0) {
                    break;
                }
                if (one.position() == 1) {
                    if (one.get(0) == '\n') {
                        break;
                    }
                    line.write(one.get(0));
                }
            }
            String s = line.toString(StandardCharsets.UTF_8);
            if (s.equals(success)) {
                return null;
            }
            return s.startsWith(RETURN_ERROR) ? s.substring(RETURN_ERROR.length())
                    : "the destination closed the connection without an answer";
        } catch (IOException e) {
            return "the destination closed the connection without an answer (" + e.getMessage() + ")";
        }
    }

    static void writeFully(WritableByteChannel out, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            out.write(b);
        }
    }

    /** Fills {@code b} to its limit; returns it flipped for reading. */
    static ByteBuffer readExactly(ReadableByteChannel in, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (in.read(b) < 0) {
                throw new EOFException();
            }
        }
        return b.flip();
    }
}
