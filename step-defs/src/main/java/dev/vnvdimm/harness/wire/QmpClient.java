package dev.vnvdimm.harness.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vnvdimm.abi.io.ChannelStreams;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A plain QMP client over a socket, for the reference emulator and real QEMU alike: reads the greeting,
 * negotiates capabilities, runs commands one at a time and keeps the events it sees. Every wait is bounded.
 */
public final class QmpClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SocketChannel channel;
    private final OutputStream out;
    private final BlockingQueue<JsonNode> replies = new LinkedBlockingQueue<>();
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final Duration timeout;
    private final JsonNode greeting;
    private int nextId;

    private QmpClient(SocketChannel channel, Duration timeout) throws IOException {
        this.channel = channel;
        this.timeout = timeout;
        this.out = ChannelStreams.out(channel);
        InputStream in = ChannelStreams.in(channel);
        Thread reader = new Thread(() -> readLoop(in), "qmp-client-reader");
        reader.setDaemon(true);
        reader.start();
        greeting = next("the QMP greeting");
        if (!greeting.has("QMP")) {
            throw new IOException("not a QMP greeting: " + greeting);
        }
        execute("qmp_capabilities");
    }

    /** Connects to {@code unix:PATH} or {@code tcp:HOST:PORT}, waiting up to {@code timeout} for it to appear. */
    public static QmpClient connect(String address, Duration timeout) throws IOException {
        return connect(address, timeout, timeout);
    }

    /** As above, but giving up on the connection after {@code connectPatience}; replies still get {@code timeout}. */
    public static QmpClient connect(String address, Duration connectPatience, Duration timeout) throws IOException {
        return new QmpClient(SocketAddresses.connect(SocketAddresses.parse(address), connectPatience), timeout);
    }

    private void readLoop(InputStream in) {
        try (JsonParser p = JSON.getFactory().createParser(in)) {
            while (p.nextToken() != null) {
                JsonNode msg = JSON.readTree(p);
                if (msg.has("event")) {
                    events.add(msg);
                } else {
                    replies.add(msg);
                }
            }
        } catch (IOException e) {
            // connection closed
        }
        replies.add(JSON.createObjectNode().put("closed", true));
    }

    /** The next message, waiting up to the timeout; {@code what} names it for the error when none comes. */
    private JsonNode next(String what) throws IOException {
        try {
            JsonNode r = replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (r == null) {
                throw new IOException("no QMP answer within " + timeout.toSeconds() + " s: waited for " + what);
            }
            if (r.has("closed")) {
                replies.add(r);
                throw new IOException("the QMP connection closed while waiting for " + what);
            }
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for " + what);
        }
    }

    public JsonNode greeting() {
        return greeting;
    }

    public JsonNode execute(String command) throws IOException {
        return execute(command, null);
    }

    /** Runs a command; its {@code return} value, or {@link QmpException} with the error's class and text. */
    public synchronized JsonNode execute(String command, ObjectNode arguments) throws IOException {
        ObjectNode msg = JSON.createObjectNode().put("execute", command);
        if (arguments != null) {
            msg.set("arguments", arguments);
        }
        String id = "vnv-" + nextId++;
        msg.put("id", id);
        out.write((JSON.writeValueAsString(msg) + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        String what = "the reply to " + command + (arguments == null ? "" : " " + arguments);
        JsonNode reply = next(what);
        while (!reply.path("id").asText().equals(id)) {
            reply = next(what); // a reply to an earlier, timed-out command
        }
        if (reply.has("error")) {
            throw new QmpException(reply.get("error").path("class").asText(), reply.get("error").path("desc").asText());
        }
        return reply.get("return");
    }

    /** A human-monitor command line through QMP, as {@code virsh qemu-monitor-command --hmp} does. */
    public String hmp(String commandLine) throws IOException {
        return execute("human-monitor-command", JSON.createObjectNode().put("command-line", commandLine)).asText();
    }

    public static ObjectNode args() {
        return JSON.createObjectNode();
    }

    /** Events seen so far, oldest first. */
    public List<JsonNode> events() {
        return List.copyOf(events);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** A QMP error reply. */
    public static final class QmpException extends IOException {
        private final String errorClass;

        QmpException(String errorClass, String desc) {
            super(desc);
            this.errorClass = errorClass;
        }

        public String errorClass() {
            return errorClass;
        }
    }
}
