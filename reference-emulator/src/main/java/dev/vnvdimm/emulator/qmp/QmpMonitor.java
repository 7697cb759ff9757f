package dev.vnvdimm.emulator.qmp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vnvdimm.emulator.QemuError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The QMP protocol, independent of any transport (QEMU docs/interop/qmp-spec.rst): a greeting, capabilities
 * negotiation, then commands answered with {@code return} or {@code error} (echoing the client's {@code id}),
 * and asynchronous events sent to every negotiated session.
 */
public final class QmpMonitor {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Map<String, QmpCommand> commands = new ConcurrentHashMap<>();
    private final List<Session> sessions = new CopyOnWriteArrayList<>();
    private final String qemuVersion;

    /** @param qemuVersion the QEMU version the monitor reports, e.g. {@code 7.2.0} (the behaviour it models) */
    public QmpMonitor(String qemuVersion) {
        this.qemuVersion = qemuVersion;
        register("query-commands", args -> {
            var list = NODES.arrayNode();
            commands.keySet().stream().sorted().forEach(n -> list.addObject().put("name", n));
            list.addObject().put("name", "qmp_capabilities");
            return list;
        });
    }

    public void register(String name, QmpCommand command) {
        commands.put(name, command);
    }

    /** The greeting a client reads on connecting. */
    public ObjectNode greeting() {
        String[] v = qemuVersion.split("\\.");
        ObjectNode g = NODES.objectNode();
        ObjectNode qmp = g.putObject("QMP");
        ObjectNode version = qmp.putObject("version");
        version.putObject("qemu").put("micro", Integer.parseInt(v[2])).put("minor", Integer.parseInt(v[1]))
                .put("major", Integer.parseInt(v[0]));
        version.put("package", "vnvdimm-kit reference emulator");
        qmp.putArray("capabilities");
        return g;
    }

    /** A connected client; {@code send} writes one JSON message to it. */
    public Session open(Consumer<String> send) {
        Session s = new Session(send);
        sessions.add(s);
        s.send(greeting());
        return s;
    }

    /** What the command running on this thread asked to do once its reply is sent; null outside a command. */
    private static final ThreadLocal<List<Runnable>> AFTER_REPLY = new ThreadLocal<>();

    /**
     * Runs {@code action} once the reply to the command now running on this thread is sent, at once outside a
     * command: what QEMU's main loop does after a command that only requested it (a {@code system_reset}), so that
     * its events follow the reply.
     */
    public static void afterReply(Runnable action) {
        List<Runnable> pending = AFTER_REPLY.get();
        if (pending == null) {
            action.run();
        } else {
            pending.add(action);
        }
    }

    /** Sends an event to every negotiated session. */
    public void emit(String event, ObjectNode data) {
        long micros = System.currentTimeMillis() * 1000 + (System.nanoTime() / 1000) % 1000;
        ObjectNode e = NODES.objectNode();
        e.put("event", event);
        if (data != null) {
            e.set("data", data);
        }
        e.putObject("timestamp").put("seconds", micros / 1_000_000).put("microseconds", micros % 1_000_000);
        for (Session s : sessions) {
            if (s.negotiated) {
                s.send(e);
            }
        }
    }

    /** One client's state. */
    public final class Session {
        private final Consumer<String> sender;
        private volatile boolean negotiated;

        private Session(Consumer<String> sender) {
            this.sender = sender;
        }

        public void close() {
            sessions.remove(this);
        }

        void send(JsonNode message) {
            try {
                sender.accept(JSON.writeValueAsString(message));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Handles one parsed client message and sends the reply. */
        public void handle(JsonNode message) {
            JsonNode id = message.isObject() ? message.get("id") : null;
            List<Runnable> after = new ArrayList<>();
            AFTER_REPLY.set(after);
            try {
                JsonNode result;
                try {
                    result = execute(message);
                } finally {
                    AFTER_REPLY.remove();
                }
                send(reply(id, "return", result));
                after.forEach(Runnable::run);
            } catch (QmpError e) {
                ObjectNode err = NODES.objectNode().put("class", e.errorClass()).put("desc", e.desc());
                send(reply(id, "error", err));
            }
        }

        /** Reports unparsable input the way QEMU does. */
        public void parseError(String problem) {
            send(reply(null, "error", NODES.objectNode().put("class", QmpError.GENERIC_ERROR)
                    .put("desc", "JSON parse error, " + problem)));
        }

        private JsonNode execute(JsonNode message) throws QmpError {
            if (!message.isObject()) {
                throw QmpError.generic("QMP input must be a JSON object");
            }
            JsonNode exec = message.get("execute");
            if (exec == null) {
                throw QmpError.generic("QMP input lacks member 'execute'");
            }
            if (!exec.isTextual()) {
                throw QmpError.generic("QMP input member 'execute' must be a string");
            }
            JsonNode args = message.get("arguments");
            if (args != null && !args.isObject()) {
                throw QmpError.generic("QMP input member 'arguments' must be an object");
            }
            String name = exec.asText();
            if (name.equals("qmp_capabilities")) {
                if (negotiated) {
                    throw new QmpError(QmpError.COMMAND_NOT_FOUND,
                            "Capabilities negotiation is already complete, command ignored");
                }
                negotiated = true;
                return NODES.objectNode();
            }
            if (!negotiated) {
                throw new QmpError(QmpError.COMMAND_NOT_FOUND,
                        "Expecting capabilities negotiation with 'qmp_capabilities'");
            }
            QmpCommand c = commands.get(name);
            if (c == null) {
                throw new QmpError(QmpError.COMMAND_NOT_FOUND, "The command " + name + " has not been found");
            }
            try {
                return c.execute(args == null ? NODES.objectNode() : (ObjectNode) args);
            } catch (QemuError e) {
                throw QmpError.of(e);
            } catch (RuntimeException e) {
                throw QmpError.generic(e.getMessage() == null ? e.toString() : e.getMessage());
            }
        }

        private ObjectNode reply(JsonNode id, String kind, JsonNode value) {
            ObjectNode r = NODES.objectNode();
            r.set(kind, value);
            if (id != null) {
                r.set("id", id);
            }
            return r;
        }
    }
}
