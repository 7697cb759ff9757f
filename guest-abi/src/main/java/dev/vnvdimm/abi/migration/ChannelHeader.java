package dev.vnvdimm.abi.migration;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The start of a multifd channel: {@code magic "VNVDMFD1" | u64 session | u16 index}. */
public final class ChannelHeader {
    public static final byte[] MAGIC = "VNVDMFD1".getBytes(StandardCharsets.US_ASCII);
    public static final int MAGIC_OFFSET = 0;
    public static final int SESSION_OFFSET = 8;
    public static final int INDEX_OFFSET = 16;
    public static final int LENGTH = 18;

    private ChannelHeader() {
    }

    /** Which migration the channel belongs to, and its index. */
    public static void write(WritableByteChannel out, long session, int index) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(LENGTH).put(MAGIC_OFFSET, MAGIC).putLong(SESSION_OFFSET, session)
                .putShort(INDEX_OFFSET, (short) index);
        ChannelIo.writeFully(out, b);
    }

    /** Reads and checks the start of a multifd channel of migration {@code session}; returns its index. */
    public static int read(ReadableByteChannel in, long session) throws IOException {
        ByteBuffer b;
        try {
            b = ChannelIo.readExactly(in, ByteBuffer.allocate(LENGTH));
        } catch (EOFException e) {
            throw new MigrationStreamException("a multifd channel closed before its header");
        }
        byte[] magic = new byte[MAGIC.length];
        b.get(MAGIC_OFFSET, magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new MigrationStreamException(
                    "a connection to the migration address is not a multifd channel (bad magic)");
        }
        long s = b.getLong(SESSION_OFFSET);
        if (s != session) {
            throw new MigrationStreamException("a multifd channel belongs to another migration (session "
                    + Long.toHexString(s) + ", expected " + Long.toHexString(session) + ")");
        }
        return Short.toUnsignedInt(b.getShort(INDEX_OFFSET));
    }
}
