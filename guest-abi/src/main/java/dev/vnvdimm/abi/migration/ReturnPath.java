package dev.vnvdimm.abi.migration;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * The destination's answers on a socket, one UTF-8 line each of at most {@link #MAX_LINE} bytes: {@value #OK}
 * once END is loaded, {@value #SYNCED} once everything before a SYNC (or a MULTIFD) section is, or
 * {@value #ERROR} and why it refused.
 */
public final class ReturnPath {
    public static final String OK = "OK";
    public static final String ERROR = "ERR ";
    public static final String SYNCED = "SYNCED";
    public static final int MAX_LINE = 4096;
    /** What a reader makes of a connection that ended, or broke, before a whole answer. */
    public static final String NO_ANSWER = "the destination closed the connection without an answer";

    private ReturnPath() {
    }

    /** The destination's answer to END: {@value #OK} for null, else the error. */
    public static void writeReturn(WritableByteChannel out, String errorOrNull) throws IOException {
        writeLine(out, errorOrNull == null ? OK : ERROR + errorOrNull.replace('\n', ' '));
    }

    /** The destination's answer to a SYNC section: everything before it is loaded. */
    public static void writeSynced(WritableByteChannel out) throws IOException {
        writeLine(out, SYNCED);
    }

    private static void writeLine(WritableByteChannel out, String line) throws IOException {
        ChannelIo.writeFully(out, ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Reads the destination's answer to a SYNC section: null once it has loaded everything sent before the
     * SYNC, else why it refused the migration (or that it hung up without an answer).
     */
    public static String readSynced(ReadableByteChannel in) {
        return readAnswer(in, SYNCED);
    }

    /**
     * Reads the destination's answer: null for OK, else the reason. A connection that ends without one is an
     * error too (the destination died).
     */
    public static String readReturn(ReadableByteChannel in) {
        return readAnswer(in, OK);
    }

    private static String readAnswer(ReadableByteChannel in, String success) {
        try {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            ByteBuffer one = ByteBuffer.allocate(1);
            while (line.size() < MAX_LINE) {
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
            return s.startsWith(ERROR) ? s.substring(ERROR.length()) : NO_ANSWER;
        } catch (IOException e) {
            return NO_ANSWER + " (" + e.getMessage() + ")";
        }
    }
}
