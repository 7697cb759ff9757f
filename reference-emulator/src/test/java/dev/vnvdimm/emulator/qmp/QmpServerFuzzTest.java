package dev.vnvdimm.emulator.qmp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vnvdimm.abi.qemu.CommandLineTokenizer;
import dev.vnvdimm.emulator.chardev.ChardevAddress;
import dev.vnvdimm.emulator.config.MachineConfig;
import dev.vnvdimm.emulator.hostmem.Progress;
import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.emulator.machine.MachineFactory;
import dev.vnvdimm.emulator.migration.MigrationMonitor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Any bytes from a QMP client over the server's unix socket, to a running reference machine's monitor (every command
 * of {@link MachineMonitor}). The client gets the greeting, then, for each JSON value it sent, one reply in order —
 * {@code return} or {@code error} with one of QEMU's classes, its {@code id} echoed — as the QMP rules say (an
 * independent model here: negotiation first, then known commands), and after unparsable input one
 * {@code JSON parse error} and the end of the connection; events in between are well-formed. Nothing escapes the
 * server: after every input a second client, connected all along, still gets its {@code query-status} answered.
 *
 * <p>Inputs that would make the emulator create files ({@code mem-path}), allocate real memory ({@code prealloc}) or
 * migrate somewhere ({@code migrate}) are not run: the monitor does what it is told with them, on this host. A machine whose devices or run state an
 * input changed is rebuilt, so that every input meets the same machine.
 */
class QmpServerFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Long enough for anything the server does; only a server that stopped answering gets there. */
    private static final long PATIENCE_MILLIS = 30_000;

    @TempDir
    static Path dir;

    private static Served served;

    /** A machine, its monitor on a unix socket, and the second client that watches it keep serving. */
    private static final class Served implements AutoCloseable {
        final Machine machine;
        final MachineMonitor monitor;
        final QmpServer server;
        final Path socket;
        final Client watcher;
        final Set<String> commands = new HashSet<>();
        final Set<String> backends;
        final int dimms;
        int nextId;

        Served() throws IOException {
            machine = new MachineFactory(Progress.NONE).build(MachineConfig.parse(CommandLineTokenizer.split(
                    "-machine pc,nvdimm=on -m 16M,slots=4,maxmem=1G -object memory-backend-file,id=mem1,share=on,"
                            + "mem-path=" + dir.resolve("nv.img") + ",size=512K "
                            + "-device nvdimm,id=nv1,memdev=mem1,slot=1,label-size=128K")));
            monitor = new MachineMonitor(machine, new QmpMonitor("7.2.0"), RunState.RUNNING);
            new MigrationMonitor(monitor, () -> new byte[0]);
            socket = dir.resolve("qmp.sock");
            server = new QmpServer(monitor.qmp(), ChardevAddress.parse("-qmp", "unix:" + socket + ",server=on,"
                    + "wait=off"));
            watcher = new Client(socket);
            watcher.line();
            watcher.send("{\"execute\":\"qmp_capabilities\"}\n");
            watcher.reply();
            watcher.send("{\"execute\":\"query-commands\"}\n");
            watcher.reply().get("return").forEach(c -> commands.add(c.get("name").asText()));
            backends = Set.copyOf(machine.backends().keySet());
            dimms = machine.dimms().size();
        }

        boolean changed() {
            return !machine.backends().keySet().equals(backends) || machine.dimms().size() != dimms
                    || monitor.state() != RunState.RUNNING || machine.vcpu().isPaused();
        }

        @Override
        public void close() throws IOException {
            watcher.close();
            server.close();
            machine.close();
        }
    }

    @AfterAll
    static void stop() throws IOException {
        if (served != null) {
            served.close();
            served = null;
        }
    }

    private static Served served() throws IOException {
        if (served == null) {
            served = new Served();
        }
        return served;
    }

    @DictionaryEntries({"\"execute\"", "\"arguments\"", "\"id\"", "\"qmp_capabilities\"", "\"query-status\"",
        "\"query-commands\"", "\"query-memory-devices\"", "\"object-add\"", "\"object-del\"", "\"device_add\"",
        "\"device_del\"", "\"qom-type\"", "\"memory-backend-ram\"", "\"driver\"", "\"pc-dimm\"", "\"nvdimm\"",
        "\"memdev\"", "\"size\"", "\"human-monitor-command\"", "\"command-line\"", "xp /", "o /w 0xa18 ", "info ",
        "object_add ", "device_add ", "\"stop\"", "\"cont\"", "\"quit\"", "\"system_reset\"", "\"query-migrate\"",
        "\"migrate-set-capabilities\"", "\"capabilities\"", "\"capability\"", "\"state\"", "\"x-ignore-shared\"",
        "\"multifd\"", "\"migrate-set-parameters\"", "\"max-bandwidth\"", "\"multifd-channels\""})
    @FuzzTest
    void anyClientInputGetsQmpRepliesOrAClosedConnectionAndOthersAreStillServed(byte[] input) throws IOException {
        if (unsafeOnThisHost(input)) {
            return;
        }
        Served s = served();
        List<Expected> expected = new ArrayList<>();
        boolean parseError = model(input, s.commands, expected);

        List<JsonNode> replies = new ArrayList<>();
        try (Client client = new Client(s.socket)) {
            JsonNode greeting = JSON.readTree(client.line());
            assertThat(greeting.at("/QMP/version/qemu/major").isInt()).as("greeting %s", greeting).isTrue();
            assertThat(greeting.at("/QMP/capabilities").isArray()).isTrue();
            client.send(input);
            client.shutdownOutput();
            for (String line = client.line(); line != null; line = client.line()) {
                JsonNode reply = JSON.readTree(line);
                assertThat(reply.isObject()).as("a reply line: %s", line).isTrue();
                if (reply.has("event")) {
                    assertThat(reply.get("event").isTextual()).isTrue();
                    assertThat(reply.at("/timestamp/seconds").isIntegralNumber()).as("event %s", line).isTrue();
                    assertThat(reply.at("/timestamp/microseconds").isIntegralNumber()).as("event %s", line).isTrue();
                } else {
                    replies.add(reply);
                }
            }
        }
        assertThat(replies).as("one reply per message, then one for unparsable input: %s", replies)
                .hasSize(expected.size() + (parseError ? 1 : 0));
        for (int i = 0; i < expected.size(); i++) {
            expected.get(i).check(replies.get(i));
        }
        if (parseError) {
            JsonNode last = replies.get(replies.size() - 1);
            assertThat(last.at("/error/class").asText()).as("%s", last).isEqualTo("GenericError");
            assertThat(last.at("/error/desc").asText()).startsWith("JSON parse error, ");
            assertThat(last.has("id")).isFalse();
        }

        int id = ++s.nextId;
        s.watcher.send("{\"execute\":\"query-status\",\"id\":" + id + "}\n");
        JsonNode status = s.watcher.reply();
        assertThat(status.get("id").asInt()).isEqualTo(id);
        assertThat(status.at("/return/status").isTextual()).as("%s", status).isTrue();
        if (s.changed()) {
            s.close();
            served = null;
        }
    }

    /**
     * An oversized message (a huge string, number, nesting, or too many tokens) is refused as unparsable and the
     * connection closed; other clients are still served.
     */
    @Test
    void hugeAndDeeplyNestedMessagesAreParseErrors() throws IOException {
        Served s = served();
        String manyTokens = "[" + "1,".repeat(QmpServer.MAX_TOKENS_PER_MESSAGE) + "1]";
        StringBuilder manyMembers = new StringBuilder("{\"execute\":\"query-status\"");
        for (int i = 0; i < QmpServer.MAX_TOKENS_PER_MESSAGE / 2; i++) {
            manyMembers.append(",\"m").append(i).append("\":0");
        }
        for (String input : List.of("{\"execute\":\"" + "x".repeat(30 << 20) + "\"}", "[".repeat(100_000),
                "{\"execute\":\"query-status\",\"id\":1" + "9".repeat(100_000) + "}", manyTokens,
                manyMembers.append('}').toString())) {
            try (Client client = new Client(s.socket)) {
                client.line();
                client.send(input.getBytes(StandardCharsets.UTF_8));
                client.shutdownOutput();
                JsonNode reply = JSON.readTree(client.line());
                assertThat(reply.at("/error/desc").asText()).startsWith("JSON parse error, ");
                assertThat(client.line()).as("the connection ends").isNull();
            }
            s.watcher.send("{\"execute\":\"query-status\"}\n");
            assertThat(s.watcher.reply().at("/return/running").asBoolean()).isTrue();
        }
    }

    /**
     * Strings anywhere in the input, as the server's parser decodes them, that ask for files, real memory or a
     * migration to somewhere.
     */
    private static boolean unsafeOnThisHost(byte[] input) {
        try (JsonParser p = JSON.getFactory().createParser(input)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.VALUE_STRING || t == JsonToken.FIELD_NAME) {
                    String text = p.getText();
                    if (text.contains("mem-path") || text.contains("prealloc") || text.equals("migrate")) {
                        return true;
                    }
                }
            }
        } catch (IOException e) {
            // the server stops at the same place
        }
        return false;
    }

    /** What the client is owed for one message it sent. */
    private record Expected(String kind, String errorClass, JsonNode id) {
        void check(JsonNode reply) {
            assertThat(reply.get("id")).as("the id of %s", reply).isEqualTo(id);
            switch (kind) {
                case "return" -> assertThat(reply.get("return")).as("%s", reply).isEqualTo(JSON.createObjectNode());
                case "error" -> {
                    assertThat(reply.at("/error/class").asText()).as("%s", reply).isEqualTo(errorClass);
                    assertThat(reply.at("/error/desc").asText()).isNotBlank();
                }
                default -> {
                    assertThat(reply.has("return") != reply.has("error")).as("%s", reply).isTrue();
                    if (reply.has("error")) {
                        assertThat(reply.at("/error/class").asText()).as("%s", reply)
                                .isIn("GenericError", "DeviceNotFound");
                        assertThat(reply.at("/error/desc").asText()).isNotBlank();
                    }
                }
            }
        }
    }

    /**
     * The QMP rules (QEMU docs/interop/qmp-spec.rst) for the JSON values of {@code input}, one connection: a value
     * that is not an object with a string {@code execute} (and object {@code arguments}, if any) is a GenericError;
     * before {@code qmp_capabilities} every other command is CommandNotFound, and so is a second negotiation and a
     * command the monitor does not have; a known command returns or fails. Whether the input ends unparsable (owed
     * a parse error).
     */
    private static boolean model(byte[] input, Set<String> commands, List<Expected> out) {
        boolean negotiated = false;
        try (JsonParser p = JSON.getFactory().createParser(input)) {
            while (p.nextToken() != null) {
                JsonNode m = JSON.readTree(p);
                JsonNode id = m.isObject() ? m.get("id") : null;
                JsonNode exec = m.get("execute");
                JsonNode args = m.get("arguments");
                if (!m.isObject() || exec == null || !exec.isTextual() || (args != null && !args.isObject())) {
                    out.add(new Expected("error", "GenericError", id));
                } else if (exec.asText().equals("qmp_capabilities")) {
                    out.add(negotiated ? new Expected("error", "CommandNotFound", id) : new Expected("return", null,
                            id));
                    negotiated = true;
                } else if (!negotiated || !commands.contains(exec.asText())) {
                    out.add(new Expected("error", "CommandNotFound", id));
                } else {
                    out.add(new Expected("any", null, id));
                }
            }
            return false;
        } catch (JsonProcessingException e) {
            return true;
        } catch (IOException e) {
            // bytes that are no text in the encoding the parser detected (it takes UTF-16 and UTF-32 too): the
            // server hangs up without a word, as on a client gone away
            return false;
        }
    }

    /** One client connection, read with a bound on the wait so that a server that stopped answering fails. */
    private static final class Client implements AutoCloseable {
        private final SocketChannel channel;
        private final Selector selector;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        private boolean ended;
        private boolean hungUp;

        Client(Path socket) throws IOException {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.configureBlocking(false);
            selector = Selector.open();
        }

        void send(String text) throws IOException {
            send(text.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * Writes everything, reading meanwhile what the server answers, so that neither side blocks the other; stops
         * where the server hung up (it drops a client whose input it cannot parse).
         */
        void send(byte[] bytes) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            try {
                while (b.hasRemaining()) {
                    if (channel.write(b) == 0) {
                        await(SelectionKey.OP_WRITE | SelectionKey.OP_READ);
                        fill();
                    }
                }
            } catch (IOException e) {
                hungUp = true; // broken pipe or reset: what it answered is still there to read
            }
        }

        void shutdownOutput() throws IOException {
            if (!hungUp) {
                channel.shutdownOutput();
            }
        }

        /** The next line without its CRLF, or null once the server closed the connection. */
        String line() throws IOException {
            while (true) {
                byte[] have = pending.toByteArray();
                for (int i = 0; i < have.length; i++) {
                    if (have[i] == '\n') {
                        pending.reset();
                        pending.write(have, i + 1, have.length - i - 1);
                        int end = i > 0 && have[i - 1] == '\r' ? i - 1 : i;
                        return new String(have, 0, end, StandardCharsets.UTF_8);
                    }
                }
                if (ended) {
                    assertThat(have).as("bytes after the last line").isEmpty();
                    return null;
                }
                await(SelectionKey.OP_READ);
                fill();
            }
        }

        /** The next reply, skipping events. */
        JsonNode reply() throws IOException {
            while (true) {
                String line = line();
                assertThat(line).as("a reply before the connection ends").isNotNull();
                JsonNode n = JSON.readTree(line);
                if (!n.has("event")) {
                    return n;
                }
            }
        }

        private void fill() throws IOException {
            buffer.clear();
            int n;
            try {
                n = channel.read(buffer);
            } catch (IOException e) {
                n = -1; // reset by the server: the connection is over
            }
            if (n < 0) {
                ended = true;
            } else {
                pending.write(buffer.array(), 0, n);
            }
        }

        private void await(int ops) throws IOException {
            SelectionKey key = channel.register(selector, ops);
            int ready = selector.select(PATIENCE_MILLIS);
            key.interestOps(0);
            selector.selectedKeys().clear();
            assertThat(ready).as("the server answers (waited %d ms)", PATIENCE_MILLIS).isPositive();
        }

        @Override
        public void close() throws IOException {
            selector.close();
            channel.close();
        }
    }
}
