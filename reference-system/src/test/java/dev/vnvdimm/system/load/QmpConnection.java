package dev.vnvdimm.system.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * One QMP client on its own connection, as a management tool talks to QEMU: the greeting, negotiation, then
 * commands each tagged with an {@code id} of this client's own. A reply is the next message carrying that id;
 * events in between are counted and passed over. Anything else — a line that is not a JSON object, a message that
 * is neither an event nor a reply, a reply with another id or with both or neither of {@code return} and
 * {@code error} — is a broken or mixed-up reply, and throws.
 */
public final class QmpConnection implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final SocketChannel channel;
    private final BufferedReader in;
    private final OutputStream out;
    private long sent;
    private long events;
    /** The last command sent, for a report of a client left waiting. */
    private volatile String pending = "";

    /** Connects, reads the greeting and negotiates capabilities; {@code name} prefixes this client's ids. */
    public QmpConnection(Path socket, String name) throws IOException {
        this.name = name;
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
        out = Channels.newOutputStream(channel);
        JsonNode greeting = message();
        if (!greeting.path("QMP").path("version").has("qemu")) {
            throw new IllegalStateException(name + ": not a QMP greeting: " + greeting);
        }
        execute("qmp_capabilities", null);
    }

    /** The command's {@code return} value; a QMP {@code error} throws with its class and description. */
    public JsonNode execute(String command, ObjectNode arguments) throws IOException {
        String id = name + "-" + (++sent);
        ObjectNode request = JSON.createObjectNode().put("execute", command).put("id", id);
        if (arguments != null) {
            request.set("arguments", arguments);
        }
        pending = request.toString();
        out.write((pending + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        while (true) {
            JsonNode m = message();
            if (m.has("event")) {
                if (m.has("return") || m.has("error") || m.has("id")) {
                    throw new IllegalStateException(name + ": an event mixed with a reply: " + m);
                }
                events++;
                continue;
            }
            if (!m.path("id").asText().equals(id)) {
                throw new IllegalStateException(name + ": the reply to " + pending + " carries another id: " + m);
            }
            if (m.has("return") == m.has("error") || m.size() != 2) {
                throw new IllegalStateException(name + ": a malformed reply to " + pending + ": " + m);
            }
            pending = "";
            if (m.has("error")) {
                throw new IllegalStateException(name + ": " + command + " failed: " + m.get("error"));
            }
            return m.get("return");
        }
    }

    private JsonNode message() throws IOException {
        String line = in.readLine();
        if (line == null) {
            throw new IOException(name + ": the monitor closed the connection" + (pending.isEmpty() ? ""
                    : " with " + pending + " unanswered"));
        }
        JsonNode m = JSON.readTree(line); // throws on a line that is not whole JSON
        if (!m.isObject()) {
            throw new IllegalStateException(name + ": a message that is not a JSON object: " + line);
        }
        return m;
    }

    public static ObjectNode arguments() {
        return JSON.createObjectNode();
    }

    /** Commands sent so far (negotiation included). */
    public long sent() {
        return sent;
    }

    public long events() {
        return events;
    }

    /** The command still waiting for its reply, empty when none. */
    public String pending() {
        return pending;
    }

    /** Closes the connection; a thread blocked reading it is woken with an exception. */
    @Override
    public void close() throws IOException {
        channel.close();
    }
}
