package dev.vnvdimm.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vnvdimm.abi.console.ConsoleProtocol;
import dev.vnvdimm.abi.migration.RamHeader;
import dev.vnvdimm.abi.qemu.CommandLineTokenizer;
import dev.vnvdimm.emulator.migration.MigrationUri;
import dev.vnvdimm.emulator.migration.OutgoingMigration;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long-running reference instance spoken to byte by byte, as a QMP client that knows nothing of the kit
 * would: greeting, negotiation, commands, errors and events; and its guest console over the serial socket, in the
 * console framing of {@code guest-abi}.
 */
@Timeout(60)
class EmulatorInstanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final List<EmulatorInstance> instances = new ArrayList<>();
    private final StringWriter errors = new StringWriter();

    @AfterEach
    void end() {
        instances.forEach(EmulatorInstance::close);
    }

    private EmulatorInstance start(String file, String more) throws Exception {
        EmulatorInstance i = EmulatorInstance.start(CommandLineTokenizer.split("-machine pc,nvdimm=on "
                + "-m 256M,slots=2,maxmem=2G -object memory-backend-file,id=mem1,share=on,mem-path=" + dir.resolve(file)
                + ",size=64M -device nvdimm,id=nv1,memdev=mem1,label-size=128K " + more), dir,
                new PrintWriter(errors, true));
        instances.add(i);
        return i;
    }

    /** A bare QMP session: lines in, JSON objects out. */
    private final class RawQmp implements AutoCloseable {
        final SocketChannel ch;
        final BufferedReader in;
        final OutputStream out;

        RawQmp(Path socket) throws Exception {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
            out = Channels.newOutputStream(ch);
        }

        JsonNode read() throws Exception {
            return JSON.readTree(in.readLine());
        }

        JsonNode send(String json) throws Exception {
            out.write((json + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return read();
        }

        /** Sends a command and returns its reply, reading past any events that come first. */
        JsonNode execute(String json) throws Exception {
            JsonNode r = send(json);
            while (!r.has("return")) {
                r = read(); // an event
            }
            return r;
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    /** A bare guest console: {@link ConsoleProtocol}'s lines over the serial socket, once the guest said ready. */
    private static final class RawConsole implements AutoCloseable {
        final SocketChannel ch;
        final InputStream in;
        final OutputStream out;

        RawConsole(Path socket) throws IOException {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            in = new BufferedInputStream(Channels.newInputStream(ch));
            out = Channels.newOutputStream(ch);
            ConsoleProtocol.writeResync(out); // the guest may have said ready before the test listened
            ConsoleProtocol.awaitReady(in);
        }

        ConsoleProtocol.Reply run(String commandLine) throws IOException {
            ConsoleProtocol.writeCommand(out, commandLine);
            return ConsoleProtocol.readReply(in);
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    @Test
    void speaksQmpAsQemuDoes() throws Exception {
        Path sock = dir.resolve("qmp.sock");
        start("a.img", "-qmp unix:" + sock + ",server=on,wait=off");
        try (RawQmp q = new RawQmp(sock)) {
            JsonNode greeting = q.read();
            assertThat(greeting.at("/QMP/version/qemu/major").asInt()).isEqualTo(7);
            assertThat(greeting.at("/QMP/capabilities").isArray()).isTrue();
            assertThat(q.send("{\"execute\":\"query-status\"}").at("/error/desc").asText())
                    .isEqualTo("Expecting capabilities negotiation with 'qmp_capabilities'");
            assertThat(q.send("{\"execute\":\"qmp_capabilities\",\"id\":1}").toString()).isEqualTo("{\"return\":{},\"id\":1}");
            assertThat(q.send("{\"execute\":\"query-status\"}").get("return").toString())
                    .isEqualTo("{\"status\":\"running\",\"singlestep\":false,\"running\":true}");
            JsonNode unknown = q.send("{\"execute\":\"no-such-command\"}").get("error");
            assertThat(unknown.get("class").asText()).isEqualTo("CommandNotFound");
            assertThat(unknown.get("desc").asText()).isEqualTo("The command no-such-command has not been found");
            assertThat(q.send("{\"execute\":\"migrate\",\"arguments\":{}}").at("/error/desc").asText())
                    .isEqualTo("Parameter 'uri' is missing");
            assertThat(q.send("{\"execute\":\"migrate\",\"arguments\":{\"uri\":\"rdma:1.2.3.4:5\"}}").at("/error/desc")
                    .asText()).isEqualTo("unknown migration protocol: rdma:1.2.3.4:5");
            assertThat(q.send("{\"execute\":\"migrate-set-capabilities\",\"arguments\":{\"capabilities\":"
                    + "[{\"capability\":\"postcopy-ram\",\"state\":true}]}}").at("/error/desc").asText())
                    .isEqualTo("Parameter 'capability' does not accept value 'postcopy-ram'");
            assertThat(q.send("{\"execute\":\"query-migrate\"}").get("return").toString()).isEqualTo("{}");
            assertThat(q.send("{\"execute\":\"stop\"}").toString()).contains("\"event\":\"STOP\"");
            assertThat(q.read().toString()).isEqualTo("{\"return\":{}}");
            assertThat(q.send("{\"execute\":\"query-status\"}").at("/return/status").asText()).isEqualTo("paused");
            assertThat(q.send("{\"execute\":\"quit\"}").toString()).contains("\"event\":\"SHUTDOWN\"");
        }
        assertThat(instances.get(0).awaitExit()).isZero();
    }

    @Test
    void theGuestConsoleRunsCommandsAndAPausedGuestAnswersAfterCont() throws Exception {
        Path console = dir.resolve("console.sock");
        start("a.img", "-S -serial unix:" + console + ",server=on,wait=off");
        try (RawConsole c = new RawConsole(console)) {
            var pending = CompletableFuture.supplyAsync(() -> {
                try {
                    return c.run("ndctl list -D");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            Thread.sleep(300);
            assertThat(pending).as("a guest started with -S runs nothing").isNotDone();
            instances.get(0).machine().vcpu().resume(); // what QMP cont does
            ConsoleProtocol.Reply r = pending.get();
            assertThat(r.exitCode()).isZero();
            assertThat(r.stdout()).contains("\"dev\":\"nmem0\"");
            assertThat(c.run("no-such-tool")).isEqualTo(new ConsoleProtocol.Reply(127, "", "sh: no-such-tool: not found\n"));
        }
    }

    /**
     * QMP system_reset and the guest's reboot -f: the reply comes at once, the RESET event names the cause in QEMU's
     * words, guest memory (and the label area in it) stays, and the guest booted anew says ready on its console;
     * the reboot command itself never answers.
     */
    @Test
    void aResetBootsTheGuestAnewOnTheSameMemory() throws Exception {
        Path qmp = dir.resolve("qmp.sock");
        Path console = dir.resolve("console.sock");
        start("a.img", "-qmp unix:" + qmp + ",server=on,wait=off -serial unix:" + console + ",server=on,wait=off");
        try (RawQmp q = new RawQmp(qmp); RawConsole c = new RawConsole(console)) {
            q.read();
            q.send("{\"execute\":\"qmp_capabilities\"}");
            assertThat(c.run("ndctl disable-region region0").exitCode()).isZero(); // the kernel's, while enabled
            assertThat(c.run("nvdimm-dsm nmem0 --function 6 --offset 0 --length 4 --data 0a0b0c0d").exitCode()).isZero();
            assertThat(q.send("{\"execute\":\"system_reset\"}").toString()).isEqualTo("{\"return\":{}}");
            assertThat(q.read().toString()).contains("\"event\":\"RESET\"")
                    .contains("\"data\":{\"guest\":false,\"reason\":\"host-qmp-system-reset\"}");
            ConsoleProtocol.awaitReady(c.in);
            assertThat(c.run("nvdimm-dsm nmem0 --function 5 --offset 0 --length 4").stdout())
                    .isEqualTo("status 0x0\ndata 0a0b0c0d\n");
            ConsoleProtocol.writeCommand(c.out, "reboot -f");
            assertThat(ConsoleProtocol.awaitReady(c.in)).as("no reply before the new guest's ready").isEmpty();
            assertThat(q.read().toString()).contains("\"data\":{\"guest\":true,\"reason\":\"guest-reset\"}");
            assertThat(c.run("nvdimm-dsm nmem0 --function 5 --offset 0 --length 4").stdout())
                    .isEqualTo("status 0x0\ndata 0a0b0c0d\n");
            assertThat(q.execute("{\"execute\":\"query-status\"}").at("/return/status").asText()).isEqualTo("running");
        }
    }

    /** With -no-reboot, as in QEMU, a reset is a shutdown: the SHUTDOWN event names the cause, the instance ends. */
    @Test
    void withNoRebootAResetShutsTheMachineDown() throws Exception {
        Path qmp = dir.resolve("qmp.sock");
        EmulatorInstance i = start("a.img", "-no-reboot -qmp unix:" + qmp + ",server=on,wait=off");
        try (RawQmp q = new RawQmp(qmp)) {
            q.read();
            q.send("{\"execute\":\"qmp_capabilities\"}");
            assertThat(q.send("{\"execute\":\"system_reset\"}").toString()).isEqualTo("{\"return\":{}}");
            assertThat(q.read().toString()).contains("\"event\":\"SHUTDOWN\"")
                    .contains("\"data\":{\"guest\":false,\"reason\":\"host-qmp-system-reset\"}");
        }
        assertThat(i.awaitExit()).isZero();
    }

    /**
     * The set-up, driven through QMP: an idle guest with 1 MiB of data and its labels on a 256 MiB
     * NVDIMM, migrated over loopback TCP to a destination whose backing file has no holes (every zero page
     * there must be read to be checked, so it loads far slower than the source sends). The pause must be a
     * small part of the migration, and carry none of the pre-copied pages.
     */
    @Test
    @Timeout(120)
    void anIdleGuestsMigrationOverTcpSendsNoPageWhilePaused() throws Exception {
        Path srcQmp = dir.resolve("src.qmp");
        Path dstQmp = dir.resolve("dst.qmp");
        String nvdimm = "-machine pc,nvdimm=on -m 256M,slots=4,maxmem=4G -object memory-backend-file,id=mem1,"
                + "share=on,size=256M,mem-path=";
        try (var f = FileChannel.open(dir.resolve("dst.img"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
            for (int i = 0; i < 256; i++) {
                f.write(zeros.clear());
            }
        }
        int port;
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        EmulatorInstance source = EmulatorInstance.start(CommandLineTokenizer.split(nvdimm + dir.resolve("src.img")
                + " -device nvdimm,id=nv1,memdev=mem1,label-size=128K -qmp unix:" + srcQmp + ",server=on,wait=off"),
                dir, new PrintWriter(errors, true));
        instances.add(source);
        EmulatorInstance destination = EmulatorInstance.start(CommandLineTokenizer.split(nvdimm + dir.resolve("dst.img")
                + " -device nvdimm,id=nv1,memdev=mem1,label-size=128K -qmp unix:" + dstQmp + ",server=on,wait=off"
                + " -incoming tcp:127.0.0.1:" + port), dir, new PrintWriter(errors, true));
        instances.add(destination);
        byte[] data = new byte[1 << 20];
        new Random(7).nextBytes(data);
        long nvdimmAddr = source.machine().nvdimms().get(0).addr();
        source.machine().memoryMap().write(nvdimmAddr, data);
        byte[] labels = new byte[128 << 10];
        new Random(8).nextBytes(labels);
        source.machine().nvdimms().get(0).labelArea().orElseThrow().write(0, labels); // the whole label area
        try (RawQmp q = new RawQmp(srcQmp)) {
            q.read();
            q.send("{\"execute\":\"qmp_capabilities\"}");
            assertThat(q.send("{\"execute\":\"migrate\",\"arguments\":{\"uri\":\"tcp:127.0.0.1:" + port + "\"}}")
                    .toString()).contains("\"event\":\"MIGRATION\"");
            JsonNode r;
            do {
                Thread.sleep(20);
                r = q.execute("{\"execute\":\"query-migrate\"}").get("return");
            } while (!r.path("status").asText().equals("completed") && !r.path("status").asText().equals("failed"));
            assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("completed");
            long downtime = r.get("downtime").asLong();
            long total = r.get("total-time").asLong();
            // a bound in milliseconds would be a timed test (speed is JMH's, MigrationBenchmark); what makes the
            // pause short is that nothing but device state is sent paused, checked below
            assertThat(downtime).as("downtime of %s ms of a %s ms migration", downtime, total).isBetween(0L, total);
        }
        assertThat(source.migration().outgoing().pausedBytes()).as("what was sent paused: no page, only the state")
                .isLessThan(RamHeader.PAGE);
        assertThat(destination.machine().memoryMap().read(destination.machine().nvdimms().get(0).addr(), data.length))
                .isEqualTo(data);
    }

    @Test
    void aRefusedIncomingMigrationEndsTheDestinationWithStatus1AndLeavesItsFileAlone() throws Exception {
        Path sock = dir.resolve("mig.sock");
        EmulatorInstance source = start("src.img", "");
        EmulatorInstance destination = EmulatorInstance.start(CommandLineTokenizer.split("-machine pc,nvdimm=on "
                + "-m 256M,slots=2,maxmem=2G -object memory-backend-file,id=mem1,share=on,mem-path=" + dir.resolve("dst.img")
                + ",size=64M -device nvdimm,id=nv1,memdev=mem1,label-size=256K -incoming unix:" + sock), dir,
                new PrintWriter(errors, true));
        instances.add(destination);
        byte[] before = Files.readAllBytes(dir.resolve("dst.img"));
        var out = new OutgoingMigration(source.machine(),
                MigrationUri.parse("unix:" + sock), false, () -> new byte[0], () -> { });
        out.start();
        out.await();
        assertThat(destination.awaitExit()).isEqualTo(1);
        assertThat(errors.toString()).isEqualTo("vnvdimm: load of migration failed: nvdimm 'nv1': label-size 0x20000 on "
                + "the source, 0x40000 here\n");
        assertThat(Files.readAllBytes(dir.resolve("dst.img"))).isEqualTo(before);
        assertThat(out.error()).isEqualTo("the destination refused the migration: nvdimm 'nv1': label-size 0x20000 on "
                + "the source, 0x40000 here");
        assertThat(source.machine().vcpu().isPaused()).isFalse();
    }

    @Test
    @Timeout(120)
    void aDestinationStartedWithIncomingDeferListensOnlyOnMigrateIncomingAndTakesAMultifdMigration() throws Exception {
        Path dstQmp = dir.resolve("dst.qmp");
        int port;
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path srcQmp = dir.resolve("src.qmp");
        EmulatorInstance source = start("src.img", "-qmp unix:" + srcQmp + ",server=on,wait=off");
        EmulatorInstance destination = start("dst.img", "-qmp unix:" + dstQmp + ",server=on,wait=off -incoming defer");
        byte[] data = new byte[1 << 20];
        new Random(9).nextBytes(data);
        source.machine().memoryMap().write(source.machine().nvdimms().get(0).addr(), data);
        try (RawQmp q = new RawQmp(dstQmp)) {
            q.read();
            q.send("{\"execute\":\"qmp_capabilities\"}");
            assertThat(q.send("{\"execute\":\"query-status\"}").at("/return/status").asText()).isEqualTo("inmigrate");
            try (var s = new Socket()) {
                assertThat(Assertions.catchThrowable(() -> s.connect(new InetSocketAddress("127.0.0.1", port), 2000)))
                        .as("nothing listens before migrate-incoming").isInstanceOf(ConnectException.class);
            }
            q.send("{\"execute\":\"migrate-set-capabilities\",\"arguments\":{\"capabilities\":"
                    + "[{\"capability\":\"multifd\",\"state\":true}]}}");
            assertThat(q.send("{\"execute\":\"migrate-incoming\",\"arguments\":{\"uri\":\"tcp:127.0.0.1:" + port
                    + "\"}}").toString()).isEqualTo("{\"return\":{}}");
            assertThat(q.send("{\"execute\":\"migrate-incoming\",\"arguments\":{\"uri\":\"tcp:127.0.0.1:" + port
                    + "\"}}").at("/error/desc").asText()).isEqualTo("The incoming migration has already been started");
            try (RawQmp src = new RawQmp(srcQmp)) {
                src.read();
                src.send("{\"execute\":\"qmp_capabilities\"}");
                src.send("{\"execute\":\"migrate-set-capabilities\",\"arguments\":{\"capabilities\":"
                        + "[{\"capability\":\"multifd\",\"state\":true}]}}");
                src.send("{\"execute\":\"migrate\",\"arguments\":{\"uri\":\"tcp:127.0.0.1:" + port + "\"}}");
            }
            while (!source.migration().outgoing().status().finished()) {
                Thread.sleep(20);
            }
            assertThat(source.migration().outgoing().error()).isEmpty();
            JsonNode status;
            do {
                Thread.sleep(20);
                status = q.execute("{\"execute\":\"query-status\"}");
            } while (status.at("/return/status").asText().equals("inmigrate") && !destination.exited());
            assertThat(status.at("/return/status").asText()).as(errors.toString()).isEqualTo("running");
        }
        assertThat(destination.machine().memoryMap().read(destination.machine().nvdimms().get(0).addr(), data.length))
                .isEqualTo(data);
    }
}
