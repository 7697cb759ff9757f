package dev.vnvdimm.emulator.qmp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vnvdimm.abi.io.ChannelStreams;
import dev.vnvdimm.abi.qemu.CommandLineTokenizer;
import dev.vnvdimm.emulator.chardev.ChardevAddress;
import dev.vnvdimm.emulator.config.MachineConfig;
import dev.vnvdimm.emulator.hostmem.Progress;
import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.emulator.machine.MachineFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** QMP spoken over a real unix socket by a plain client: greeting, negotiation, commands, errors, events. */
class QmpServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Machine machine;
    private MachineMonitor monitor;
    private QmpServer server;
    private SocketChannel channel;
    private BufferedReader in;
    private OutputStream out;

    @BeforeEach
    void start() throws IOException {
        machine = new MachineFactory(Progress.NONE).build(MachineConfig.parse(CommandLineTokenizer.split(
                "-machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G -object memory-backend-file,id=mem1,share=on,"
                        + "mem-path=" + dir.resolve("nv.img") + ",size=256M "
                        + "-device nvdimm,id=nv1,memdev=mem1,slot=1,label-size=128K")));
        monitor = new MachineMonitor(machine, new QmpMonitor("7.2.0"), RunState.RUNNING);
        Path sock = dir.resolve("qmp.sock");
        server = new QmpServer(monitor.qmp(), ChardevAddress.parse("-qmp", "unix:" + sock + ",server=on,wait=off"));
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(sock));
        in = new BufferedReader(new InputStreamReader(ChannelStreams.in(channel), StandardCharsets.UTF_8));
        out = ChannelStreams.out(channel);
    }

    @AfterEach
    void stop() throws IOException {
        channel.close();
        server.close();
        machine.close();
    }

    private JsonNode read() throws IOException {
        return JSON.readTree(in.readLine());
    }

    private JsonNode send(String json) throws IOException {
        out.write((json + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return read();
    }

    @Test
    void greetsThenInsistsOnCapabilitiesNegotiation() throws IOException {
        JsonNode greeting = read();
        assertThat(greeting.at("/QMP/version/qemu/major").asInt()).isEqualTo(7);
        assertThat(greeting.at("/QMP/capabilities").isArray()).isTrue();
        JsonNode early = send("{\"execute\":\"query-status\"}");
        assertThat(early.at("/error/class").asText()).isEqualTo("CommandNotFound");
        assertThat(early.at("/error/desc").asText()).isEqualTo("Expecting capabilities negotiation with 'qmp_capabilities'");
        assertThat(send("{\"execute\":\"qmp_capabilities\"}").get("return").isEmpty()).isTrue();
        assertThat(send("{\"execute\":\"qmp_capabilities\"}").at("/error/desc").asText())
                .isEqualTo("Capabilities negotiation is already complete, command ignored");
    }

    @Test
    void answersCommandsEchoingTheIdAndReportsErrorsWithQemusClasses() throws IOException {
        read();
        send("{\"execute\":\"qmp_capabilities\"}");
        JsonNode status = send("{\"execute\":\"query-status\",\"id\":42}");
        assertThat(status.at("/return/status").asText()).isEqualTo("running");
        assertThat(status.at("/return/running").asBoolean()).isTrue();
        assertThat(status.get("id").asInt()).isEqualTo(42);
        JsonNode unknown = send("{\"execute\":\"frobnicate\",\"id\":\"x\"}");
        assertThat(unknown.at("/error/class").asText()).isEqualTo("CommandNotFound");
        assertThat(unknown.at("/error/desc").asText()).isEqualTo("The command frobnicate has not been found");
        assertThat(unknown.get("id").asText()).isEqualTo("x");
        assertThat(send("{\"arguments\":{}}").at("/error/desc").asText()).isEqualTo("QMP input lacks member 'execute'");
        JsonNode devices = send("{\"execute\":\"query-memory-devices\"}");
        assertThat(devices.at("/return/0/type").asText()).isEqualTo("nvdimm");
        assertThat(devices.at("/return/0/data/slot").asInt()).isEqualTo(1);
        assertThat(devices.at("/return/0/data/size").asLong()).isEqualTo(268304384L);
    }

    @Test
    void stopAndContChangeTheStateAndSendEvents() throws IOException {
        read();
        send("{\"execute\":\"qmp_capabilities\"}");
        out.write("{\"execute\":\"stop\"}\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        JsonNode first = read();
        JsonNode second = read();
        JsonNode event = first.has("event") ? first : second;
        assertThat(event.get("event").asText()).isEqualTo("STOP");
        assertThat(event.at("/timestamp/seconds").asLong()).isPositive();
        assertThat(send("{\"execute\":\"query-status\"}").at("/return/status").asText()).isEqualTo("paused");
        out.write("{\"execute\":\"cont\"}\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        assertThat(List.of(read(), read())).anySatisfy(m -> assertThat(m.path("event").asText())
                .isEqualTo("RESUME"));
    }

    @Test
    void theHumanMonitorDrivesTheDsmPortLikeQemusMonitor() throws IOException {
        read();
        send("{\"execute\":\"qmp_capabilities\"}");
        machine.memoryMap().writeValue(0x100000, 4, 2);
        machine.memoryMap().writeValue(0x100004, 4, 1);
        machine.memoryMap().writeValue(0x100008, 4, 4);
        send("{\"execute\":\"human-monitor-command\",\"arguments\":{\"command-line\":\"o /w 0xa18 0x100000\"}}");
        JsonNode dump = send("{\"execute\":\"human-monitor-command\",\"arguments\":{\"command-line\":\"xp /4xw 0x100000\"}}");
        assertThat(dump.get("return").asText())
                .isEqualTo("0000000000100000: 0x00000010 0x00000000 0x00020000 0x00000fec\r\n");
        JsonNode info = send("{\"execute\":\"human-monitor-command\",\"arguments\":{\"command-line\":\"info memory-devices\"}}");
        assertThat(info.get("return").asText()).contains("Memory device [nvdimm]: \"nv1\"");
    }

    /** Found with QmpServerFuzzTest: xp of two billion units kept its client's thread busy until the heap ran out. */
    @Test
    void xpShowsAtMostOneMebibyteAtOnce() throws IOException {
        read();
        send("{\"execute\":\"qmp_capabilities\"}");
        JsonNode huge = send("{\"execute\":\"human-monitor-command\",\"arguments\":{\"command-line\":"
                + "\"xp /2147483647xb 0\"}}");
        assertThat(huge.at("/error/desc").asText()).isEqualTo("xp: 2147483647 units of 1 bytes are more than the "
                + "1048576 bytes the reference dumps at once");
        JsonNode most = send("{\"execute\":\"human-monitor-command\",\"arguments\":{\"command-line\":"
                + "\"xp /131072xg 0\"}}");
        assertThat(most.get("return").asText()).startsWith("0000000000000000: ").endsWith("\r\n");
    }

    @Test
    void malformedJsonIsAGenericError() throws IOException {
        read();
        JsonNode r = send("{\"execute\": ]");
        assertThat(r.at("/error/class").asText()).isEqualTo("GenericError");
        assertThat(r.at("/error/desc").asText()).startsWith("JSON parse error, ");
    }

    /**
     * Found by QmpServerFuzzTest: a client that sends its last message and then half-closes the socket (as
     * {@code echo ... | socat} does) is still owed every reply; the parser used to close the socket on reaching
     * the end of input, before the reply to a value it only knew was complete there (a number), or the parse error
     * of a cut-off one, could be sent.
     */
    @Test
    void aClientThatHalfClosesStillGetsEveryReplyItIsOwed() throws IOException {
        read();
        send("{\"execute\":\"qmp_capabilities\"}");
        out.write("{\"execute\":\"query-status\",\"id\":7} 42".getBytes(StandardCharsets.UTF_8));
        out.flush();
        channel.shutdownOutput();
        assertThat(read().get("id").asInt()).isEqualTo(7);
        assertThat(read().at("/error/desc").asText()).isEqualTo("QMP input must be a JSON object");
        assertThat(in.readLine()).as("then the connection ends").isNull();
    }

    @Test
    void aMessageCutOffByTheEndOfInputIsAParseError() throws IOException {
        read();
        out.write("{\"execute\":".getBytes(StandardCharsets.UTF_8));
        out.flush();
        channel.shutdownOutput();
        assertThat(read().at("/error/desc").asText()).startsWith("JSON parse error, Unexpected end-of-input");
        assertThat(in.readLine()).isNull();
    }
}
