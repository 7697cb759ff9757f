package dev.vnvdimm.abi.migration;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/** Whole buffers on blocking channels, which may move fewer bytes per call than asked. */
public final class ChannelIo {
    private ChannelIo() {
    }

    public static void writeFully(WritableByteChannel out, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            out.write(b);
        }
    }

    /** Fills {@code b} to its limit; returns it flipped for reading. */
    public static ByteBuffer readExactly(ReadableByteChannel in, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (in.read(b) < 0) {
                throw new EOFException();
            }
        }
        return b.flip();
    }
}
