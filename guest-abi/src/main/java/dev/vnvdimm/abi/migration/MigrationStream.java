package dev.vnvdimm.abi.migration;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The kit's migration stream, version 2, and its header. Big-endian throughout.
 *
 * <pre>
 * stream  := header section* END-section
 * header  := magic "VNVDMIG1" (8 bytes) | u32 version (2) | u16 n | machine type (n bytes UTF-8, e.g. "pc")
 * section := u8 type | u32 length | payload (length bytes) | u32 CRC-32C of type, length and payload
 *
 * CONFIG (1)       payload: UTF-8 JSON of the emulator's MachineDescription — every device and RAM block, first
 * RAM (2)          payload: {@link RamHeader} | kind 0: page count × 4096 bytes of data; kind 1: nothing — the
 *                           pages are all zero; the offset is a multiple of 4096, and the run (at least one
 *                           page) lies inside the block
 * DEVICE_STATE (3) payload: {@link DeviceStateSection} — one device's id and its state, in that device's own
 *                           format; one section per device with state outside RAM, after the last RAM
 * GUEST_STATE (4)  payload: opaque bytes from the guest running on the source (empty when there is none)
 * SYNC (5)         payload: empty; sent only on a connection with a return path (see below)
 * MULTIFD (6)      payload: {@link MultifdSection}; only with the multifd capability, right after CONFIG
 * END (255)        payload: empty
 * </pre>
 *
 * Sections are framed by {@link Section}.
 *
 * <p><b>multifd</b> (QEMU's capability of that name; a migration without it never sends MULTIFD, and its
 * stream is exactly the one above). The main connection announces the channels in a MULTIFD section; the
 * destination answers {@value ReturnPath#SYNCED} once it is ready to accept them (or {@value ReturnPath#ERROR}
 * and why it refuses: multifd off here, another channel count). The source then opens that many further
 * connections to the same address, each starting with a {@link ChannelHeader}
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
 * <p>On a socket the destination answers on the same connection ({@link ReturnPath}), one line:
 * {@value ReturnPath#OK} once END is loaded, or {@value ReturnPath#ERROR} and the reason when it refuses or
 * fails — so the source never reports "completed" for a migration the destination did not take, and can say
 * why it was refused. Before that, it answers each SYNC section with {@value ReturnPath#SYNCED} once it has
 * loaded every section before it (or with {@value ReturnPath#ERROR} and the reason if it refused the stream
 * meanwhile): the source syncs after each pre-copy pass, so it never pauses the guest while the destination is
 * still loading a backlog of pages.
 *
 * <p>A receiver checks every section's CRC before it uses the section, and the CONFIG section against its own
 * machine before it writes a single byte of memory.
 */
public final class MigrationStream {
    public static final byte[] MAGIC = "VNVDMIG1".getBytes(StandardCharsets.US_ASCII);
    /** 2: DEVICE_STATE became one section per device, under its id (1 had one JSON record for all). */
    public static final int VERSION = 2;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 8;
    public static final int MACHINE_TYPE_LENGTH_OFFSET = 12;
    /** Where the machine type starts; the header is this long plus the type's bytes. */
    public static final int MACHINE_TYPE_OFFSET = 14;

    private MigrationStream() {
    }

    public static void writeHeader(WritableByteChannel out, String machineType) throws IOException {
        byte[] t = machineType.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(MACHINE_TYPE_OFFSET + t.length);
        b.put(MAGIC_OFFSET, MAGIC).putInt(VERSION_OFFSET, VERSION).putShort(MACHINE_TYPE_LENGTH_OFFSET,
                (short) t.length).put(MACHINE_TYPE_OFFSET, t);
        ChannelIo.writeFully(out, b);
    }

    /** Reads and checks the header; returns the source's machine type. */
    public static String readHeader(ReadableByteChannel in) throws IOException {
        ByteBuffer fixed = ChannelIo.readExactly(in, ByteBuffer.allocate(MACHINE_TYPE_OFFSET));
        byte[] magic = new byte[MAGIC.length];
        fixed.get(MAGIC_OFFSET, magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new MigrationStreamException("not a vnvdimm migration stream (bad magic)");
        }
        int version = fixed.getInt(VERSION_OFFSET);
        if (version != VERSION) {
            throw new MigrationStreamException("migration stream version " + version + " is not supported (this is "
                    + VERSION + ")");
        }
        int length = Short.toUnsignedInt(fixed.getShort(MACHINE_TYPE_LENGTH_OFFSET));
        ByteBuffer type = ChannelIo.readExactly(in, ByteBuffer.allocate(length));
        return StandardCharsets.UTF_8.decode(type).toString();
    }
}
