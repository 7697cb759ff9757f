package dev.vnvdimm.emulator.qmp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vnvdimm.emulator.chardev.ChardevAddress;
import dev.vnvdimm.emulator.chardev.ChardevServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Serves a {@link QmpMonitor} on a unix or TCP socket ({@code -qmp unix:PATH,server=on,wait=off}). Each client
 * gets the greeting and its own session; messages are JSON objects, one after another, replies end in CRLF
 * as QEMU's do.
 */
public final class QmpServer implements AutoCloseable {
    private final QmpMonitor monitor;
    private final ChardevServer server;

    public QmpServer(QmpMonitor monitor, ChardevAddress address) throws IOException {
        this.monitor = monitor;
        this.server = new ChardevServer(address, "qmp", true, this::serve);
    }

    /** The bound address (for TCP port 0, the port the system chose). */
    public SocketAddress localAddress() throws IOException {
        return server.localAddress();
    }

    private void serve(InputStream in, OutputStream out) throws IOException {
        QmpMonitor.Session session = monitor.open(line -> {
            synchronized (out) {
                try {
                    out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        try (JsonParser stream = QmpMonitor.JSON.getFactory().createParser(in);
             TokenLimit parser = new TokenLimit(stream)) {
            // The parser must not close the socket when the client half-closes it: what the client sent before
            // its end of input is still owed a reply (the last value's, or the parse error of a cut-off one).
            stream.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
            while (true) {
                JsonToken t;
                try {
                    parser.nextMessage();
                    t = parser.nextToken();
                    if (t == null) {
                        break;
                    }
                    JsonNode msg = QmpMonitor.JSON.readTree(parser);
                    session.handle(msg);
                } catch (JsonProcessingException e) {
                    session.parseError(e.getOriginalMessage());
                    break; // the stream is out of step; QEMU resets the parser, we drop the client
                }
            }
        } finally {
            session.close();
        }
    }

    @Override
    public void close() {
        server.close();
    }

    /**
     * The most JSON tokens one message may have. A command needs a few dozen; without a bound, an endless array or
     * object from one client grows in memory until the heap runs out (Jackson bounds strings, numbers and nesting,
     * not breadth). The bound is the reference's own.
     */
    static final int MAX_TOKENS_PER_MESSAGE = 1 << 20;

    /** Counts the tokens of the message being read; more than the bound is a parse error. */
    private static final class TokenLimit extends JsonParserDelegate {
        private int tokens;

        TokenLimit(JsonParser p) {
            super(p);
        }

        void nextMessage() {
            tokens = 0;
        }

        private void count() throws StreamConstraintsException {
            if (++tokens > MAX_TOKENS_PER_MESSAGE) {
                throw new StreamConstraintsException("a message of more than " + MAX_TOKENS_PER_MESSAGE
                        + " tokens");
            }
        }

        @Override
        public JsonToken nextToken() throws IOException {
            count();
            return super.nextToken();
        }

        // the tree reader takes an object's member names with these, not with nextToken
        @Override
        public boolean nextFieldName(SerializableString name) throws IOException {
            count();
            return super.nextFieldName(name);
        }

        @Override
        public String nextFieldName() throws IOException {
            count();
            return super.nextFieldName();
        }
    }
}
