package dev.vnvdimm.abi.migration;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.function.IntFunction;
import java.util.zip.CRC32C;

/**
 * One section of the stream (see {@link MigrationStream}): {@code u8 type | u32 length | payload | u32 CRC-32C}
 * of type, length and payload. As read, its payload is valid until the next section is read into the same
 * staging buffer.
 */
public record Section(int type, ByteBuffer payload) {
    public static final int CONFIG = 1;
    public static final int RAM = 2;
    public static final int DEVICE_STATE = 3;
    public static final int GUEST_STATE = 4;
    public static final int SYNC = 5;
    public static final int MULTIFD = 6;
    public static final int END = 255;

    public static final int TYPE_OFFSET = 0;
    public static final int LENGTH_OFFSET = 1;
    /** Section type and length before the payload; the CRC after it. */
    public static final int HEADER = 5;
    public static final int TRAILER = 4;
    /** A section longer than this is corrupt, not big. */
    public static final int MAX_PAYLOAD = 8 << 20;

    /** A copy of the payload. */
    public byte[] bytes() {
        byte[] b = new byte[payload.remaining()];
        payload.duplicate().get(b);
        return b;
    }

    /** The section's length on the wire. */
    public long wireLength() {
        return HEADER + payload.remaining() + TRAILER;
    }

    public static void write(WritableByteChannel out, int type, byte[] payload) throws IOException {
        write(out, type, ByteBuffer.wrap(payload));
    }

    /** Writes one section whose payload is the concatenation of {@code parts} (their positions are kept). */
    public static void write(WritableByteChannel out, int type, ByteBuffer... parts) throws IOException {
        long len = 0;
        for (ByteBuffer p : parts) {
            len += p.remaining();
        }
        ByteBuffer head = ByteBuffer.allocate(HEADER).put(TYPE_OFFSET, (byte) type).putInt(LENGTH_OFFSET, (int) len);
        CRC32C crc = new CRC32C();
        crc.update(head.duplicate());
        ByteBuffer[] all = new ByteBuffer[parts.length + 2];
        all[0] = head;
        for (int i = 0; i < parts.length; i++) {
            all[i + 1] = parts[i].duplicate();
            crc.update(parts[i].duplicate());
        }
        all[all.length - 1] = ByteBuffer.allocate(TRAILER).putInt(0, (int) crc.getValue());
        if (out instanceof GatheringByteChannel g) {
            while (all[all.length - 1].hasRemaining()) {
                g.write(all); // one system call for header, payload and CRC
            }
        } else {
            for (ByteBuffer b : all) {
                ChannelIo.writeFully(out, b);
            }
        }
    }

    /**
     * Reads one section into {@code staging} (at least {@link #MAX_PAYLOAD} bytes) and checks its CRC; a
     * truncated or corrupt section is an error, never returned.
     */
    public static Section read(ReadableByteChannel in, ByteBuffer staging) throws IOException {
        return read(in, length -> staging.clear().limit(length));
    }

    /** As {@link #read(ReadableByteChannel, ByteBuffer)}, into a staging buffer that grows as sections need. */
    public static Section read(ReadableByteChannel in, Staging staging) throws IOException {
        return read(in, staging::forPayload);
    }

    private static Section read(ReadableByteChannel in, IntFunction<ByteBuffer> payloadBuffer) throws IOException {
        try {
            ByteBuffer head = ChannelIo.readExactly(in, ByteBuffer.allocate(HEADER));
            int type = Byte.toUnsignedInt(head.get(TYPE_OFFSET));
            int len = head.getInt(LENGTH_OFFSET);
            if (len < 0 || len > MAX_PAYLOAD) {
                throw new MigrationStreamException("corrupt migration stream: section of type " + type + " claims "
                        + len + " bytes");
            }
            ByteBuffer payload = payloadBuffer.apply(len);
            ChannelIo.readExactly(in, payload);
            int expected = ChannelIo.readExactly(in, ByteBuffer.allocate(TRAILER)).getInt(0);
            CRC32C crc = new CRC32C();
            crc.update(head.rewind());
            crc.update(payload.duplicate());
            if ((int) crc.getValue() != expected) {
                throw new MigrationStreamException("corrupt migration stream: checksum mismatch in a section of type "
                        + type);
            }
            return new Section(type, payload.asReadOnlyBuffer());
        } catch (EOFException e) {
            throw new MigrationStreamException("migration stream ended before its END section (truncated)");
        }
    }

    /**
     * Where a reader of one stream stages payloads: one buffer, as large as the largest section so far needed (at
     * most {@link #MAX_PAYLOAD}), so that a short or refused stream costs about what it sent, not 8 MiB up front.
     * A payload read into it is valid until the next one is.
     */
    public static final class Staging {
        /** Enough for the header, the CONFIG section and the small sections of a stream's end. */
        private static final int INITIAL = 64 << 10;
        private ByteBuffer buffer = ByteBuffer.allocateDirect(INITIAL);

        ByteBuffer forPayload(int length) {
            if (buffer.capacity() < length) {
                buffer = ByteBuffer.allocateDirect(Math.max(length, Math.min(MAX_PAYLOAD, buffer.capacity() * 2)));
            }
            return buffer.clear().limit(length);
        }
    }

    /** A buffer big enough for any section's payload. */
    public static ByteBuffer stagingBuffer() {
        return ByteBuffer.allocateDirect(MAX_PAYLOAD);
    }
}
