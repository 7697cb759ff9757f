package dev.vnvdimm.emulator.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vnvdimm.abi.migration.MigrationStream;
import dev.vnvdimm.abi.migration.RamHeader;
import dev.vnvdimm.abi.migration.Section;
import dev.vnvdimm.abi.qemu.CommandLineTokenizer;
import dev.vnvdimm.emulator.config.MachineConfig;
import dev.vnvdimm.emulator.hostmem.Progress;
import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.emulator.machine.MachineFactory;
import dev.vnvdimm.emulator.qmp.MachineMonitor;
import dev.vnvdimm.emulator.qmp.QmpMonitor;
import dev.vnvdimm.emulator.qmp.RunState;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The migration commands as a QMP client sees them, driven in-process through a {@link QmpMonitor} session:
 * replies, errors in QEMU's words, events, and query-migrate's numbers checked against what the stream and
 * the machine hold.
 */
@Timeout(120)
class MigrationMonitorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = RamHeader.PAGE;
    private static final long MIB = 1 << 20;
    private static final String MACHINE = "-machine pc,nvdimm=on -m 256M,slots=4,maxmem=4G ";

    @TempDir
    Path dir;

    private final List<Machine> machines = new ArrayList<>();
    private final List<JsonNode> messages = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    /** Runs on the migration thread after each run of pages it sent (the monitor's progress reports it). */
    private volatile LongConsumer betweenRuns = done -> { };
    private volatile Supplier<byte[]> guestState = () -> "guest".getBytes(StandardCharsets.UTF_8);

    private Machine machine;
    private MachineMonitor monitor;
    private MigrationMonitor migration;
    private QmpMonitor.Session session;

    @AfterEach
    void powerOff() throws Exception {
        OutgoingMigration left = migration == null ? null : migration.outgoing();
        if (left != null) {
            // a test that failed half-way must not unmap guest memory under a migration still sending it
            left.cancel();
            CompletableFuture.runAsync(() -> {
                try {
                    left.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }).get(30, TimeUnit.SECONDS);
        }
        machines.forEach(Machine::close);
    }

    private Machine machine(String file) {
        Machine m = new MachineFactory(Progress.NONE).build(MachineConfig.parse(CommandLineTokenizer.split(MACHINE
                + "-object memory-backend-file,id=mem1,share=on,mem-path=" + dir.resolve(file) + ",size=64M "
                + "-device nvdimm,id=nv1,memdev=mem1,label-size=128K")));
        machines.add(m);
        return m;
    }

    /** A QMP monitor with the migration commands on {@code m}, and a negotiated session on it. */
    private void monitor(Machine m, RunState state) {
        machine = m;
        monitor = new MachineMonitor(m, new QmpMonitor("7.2.0"), state);
        Progress progress = (what, total) -> done -> betweenRuns.accept(done);
        migration = new MigrationMonitor(monitor, () -> guestState.get(), progress);
        session = monitor.qmp().open(text -> {
            try {
                messages.add(JSON.readTree(text));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertThat(qmp("qmp_capabilities", null).get("return")).isEqualTo(JSON.createObjectNode());
    }

    /** Sends one command and returns the reply that carries its id. */
    private JsonNode qmp(String command, String arguments) {
        int id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("execute", command).put("id", id);
        if (arguments != null) {
            try {
                message.set("arguments", JSON.readTree(arguments));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        session.handle(message);
        return messages.stream().filter(m -> m.path("id").asInt(-1) == id).findFirst().orElseThrow();
    }

    /** The return value of a command that must succeed. */
    private JsonNode ok(String command, String arguments) {
        JsonNode reply = qmp(command, arguments);
        assertThat(reply.has("return")).as("%s %s: %s", command, arguments, reply).isTrue();
        return reply.get("return");
    }

    /** The description of a command's GenericError. */
    private String error(String command, String arguments) {
        JsonNode reply = qmp(command, arguments);
        assertThat(reply.at("/error/class").asText()).as("%s %s: %s", command, arguments, reply)
                .isEqualTo("GenericError");
        return reply.at("/error/desc").asText();
    }

    private List<JsonNode> events(String name) {
        return messages.stream().filter(m -> m.path("event").asText().equals(name)).toList();
    }

    private String runState() {
        return ok("query-status", null).get("status").asText();
    }

    private static byte[] random(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Fills {@code length} bytes of the NVDIMM from {@code offset} with random data. */
    private static byte[] fillPmem(Machine m, long offset, int length, long seed) {
        byte[] data = random(length, seed);
        m.memoryMap().write(m.nvdimms().get(0).addr() + offset, data);
        return data;
    }

    private static long ramSize(Machine m) {
        return m.ramBlocks().stream().mapToLong(b -> b.memory().size()).sum();
    }

    /** Pages of guest RAM holding anything but zeros, counted by reading every page. */
    private static long nonZeroPages(Machine m) {
        byte[] zero = new byte[PAGE];
        long n = 0;
        for (Machine.RamBlock b : m.ramBlocks()) {
            for (long at = 0; at < b.memory().size(); at += PAGE) {
                if (!Arrays.equals(b.memory().read(at, PAGE), zero)) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Bytes of the RAM sections in a stream file, each with its section header and CRC. */
    private static long ramSectionBytes(Path file) throws IOException {
        try (ReadableByteChannel in = Files.newByteChannel(file)) {
            MigrationStream.readHeader(in);
            ByteBuffer staging = Section.stagingBuffer();
            long bytes = 0;
            for (Section s = Section.read(in, staging);
                 s.type() != Section.END; s = Section.read(in, staging)) {
                if (s.type() == Section.RAM) {
                    bytes += Section.HEADER + s.payload().remaining() + Section.TRAILER;
                }
            }
            return bytes;
        }
    }

    /** Polls query-migrate until its status is {@code status}, for at most 30 s. */
    private JsonNode awaitStatus(String status) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        JsonNode r = ok("query-migrate", null);
        while (!r.path("status").asText().equals(status) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            r = ok("query-migrate", null);
        }
        assertThat(r.path("status").asText()).as("query-migrate: %s", r).isEqualTo(status);
        return r;
    }

    @Test
    void beforeAnyMigrationQueryMigrateIsEmptyAndCapabilitiesAndParametersHaveTheirDefaults() {
        monitor(machine("src.img"), RunState.RUNNING);
        assertThat(ok("query-migrate", null)).isEqualTo(JSON.createObjectNode());
        assertThat(ok("query-migrate-capabilities", null).toString())
                .isEqualTo("[{\"capability\":\"x-ignore-shared\",\"state\":false},{\"capability\":\"multifd\",\"state\":false}]");
        assertThat(ok("query-migrate-parameters", null).toString()).isEqualTo("{\"max-bandwidth\":0,\"multifd-channels\":2}");
        assertThat(ok("migrate_cancel", null)).as("nothing to cancel").isEqualTo(JSON.createObjectNode());
        assertThat(ok("query-migrate", null)).isEqualTo(JSON.createObjectNode());
    }

    @Test
    void aCompletedMigrationToAFileReportsWhatItSentAndTheFileLoadsIntoAnotherMachine() throws Exception {
        Machine src = machine("src.img");
        byte[] pmem = fillPmem(src, 2 * MIB, 3 << 20, 1); // whole MiBs: a run of pages is all data or all zero
        byte[] low = random(1 << 20, 2);
        src.memoryMap().write(MIB, low);
        monitor(src, RunState.RUNNING);
        long nonZero = nonZeroPages(src);
        Path file = dir.resolve("vm.mig");

        long before = System.currentTimeMillis();
        assertThat(ok("migrate", "{\"uri\":\"file:" + file + "\"}")).isEqualTo(JSON.createObjectNode());
        migration.outgoing().await();
        long after = System.currentTimeMillis();

        JsonNode r = ok("query-migrate", null);
        assertThat(r.get("status").asText()).isEqualTo("completed");
        assertThat(r.has("error-desc")).isFalse();
        assertThat(r.has("expected-downtime")).as("only while it runs").isFalse();
        long total = r.get("total-time").asLong();
        assertThat(total).isBetween(0L, after - before);
        assertThat(r.get("setup-time").asLong()).isBetween(0L, total);
        // downtime is measured on the monotonic clock, total-time on the wall clock: a millisecond apart at most
        assertThat(r.get("downtime").asLong()).isBetween(0L, total + 1);
        JsonNode ram = r.get("ram");
        assertThat(ram.get("total").asLong()).isEqualTo(ramSize(src));
        assertThat(ram.get("remaining").asLong()).isZero();
        assertThat(ram.get("normal").asLong()).as("pages with data").isEqualTo(nonZero);
        assertThat(ram.get("duplicate").asLong()).as("zero pages: an idle guest dirtied nothing, so every page once")
                .isEqualTo(ramSize(src) / PAGE - nonZero);
        assertThat(ram.get("normal-bytes").asLong()).isEqualTo(nonZero * PAGE);
        assertThat(ram.get("dirty-sync-count").asLong()).as("one pass over RAM, then the stop-and-copy").isEqualTo(2);
        long transferred = ram.get("transferred").asLong();
        assertThat(transferred).as("every RAM section counted, and nothing beyond the stream")
                .isBetween(ramSectionBytes(file), Files.size(file));
        double seconds = Math.max(1, total) / 1000.0;
        double mbps = transferred * 8 / 1e6 / seconds;
        assertThat(ram.get("mbps").asDouble()).isCloseTo(mbps, within(mbps * 1e-9));

        Thread.sleep(30);
        assertThat(ok("query-migrate", null).get("total-time").asLong()).as("the clock stopped at the end")
                .isEqualTo(total);
        assertThat(events("MIGRATION")).extracting(e -> e.at("/data/status").asText()).containsExactly("setup");
        assertThat(events("STOP")).hasSize(1);
        assertThat(runState()).isEqualTo("postmigrate");
        assertThat(ok("query-status", null).get("running").asBoolean()).isFalse();
        assertThat(ok("migrate_cancel", null)).isEqualTo(JSON.createObjectNode());
        assertThat(ok("query-migrate", null).get("status").asText()).as("cancelling a completed migration")
                .isEqualTo("completed");

        Machine dst = machine("dst.img");
        IncomingMigration in = new IncomingMigration(dst);
        in.load(Files.newInputStream(file));
        assertThat(dst.memoryMap().read(dst.nvdimms().get(0).addr() + 2 * MIB, pmem.length)).isEqualTo(pmem);
        assertThat(dst.memoryMap().read(MIB, low.length)).isEqualTo(low);
        assertThat(new String(in.guestState(), StandardCharsets.UTF_8)).isEqualTo("guest");
    }

    @Test
    void whileTheLivePassRunsTheSourceRunsQueryMigrateSaysActiveAndASecondMigrateIsRefused() throws Exception {
        monitor(machine("src.img"), RunState.RUNNING);
        AtomicReference<JsonNode> during = new AtomicReference<>();
        AtomicReference<String> second = new AtomicReference<>();
        AtomicReference<String> state = new AtomicReference<>();
        betweenRuns = done -> {
            if (during.get() == null) {
                during.set(ok("query-migrate", null));
                second.set(error("migrate", "{\"uri\":\"file:" + dir.resolve("other.mig") + "\"}"));
                state.set(runState());
            }
        };
        ok("migrate", "{\"uri\":\"file:" + dir.resolve("vm.mig") + "\"}");
        migration.outgoing().await();

        JsonNode r = during.get();
        assertThat(r.get("status").asText()).isEqualTo("active");
        assertThat(r.get("expected-downtime").asLong()).isZero();
        assertThat(r.has("downtime")).isFalse();
        assertThat(r.at("/ram/total").asLong()).isEqualTo(ramSize(machine));
        assertThat(second.get()).isEqualTo("There's a migration process in progress");
        assertThat(state.get()).isEqualTo("running");
        assertThat(Files.exists(dir.resolve("other.mig"))).isFalse();
        assertThat(ok("query-migrate", null).get("status").asText()).isEqualTo("completed");
    }

    @Test
    void aMigrationThatCannotConnectFailsTheSourceKeepsRunningAndMayMigrateAgain() throws Exception {
        monitor(machine("src.img"), RunState.RUNNING);
        Path nowhere = dir.resolve("nobody-listens.sock");
        ok("migrate", "{\"uri\":\"unix:" + nowhere + "\"}");
        migration.outgoing().await();
        JsonNode r = ok("query-migrate", null);
        assertThat(r.get("status").asText()).isEqualTo("failed");
        assertThat(r.get("error-desc").asText()).startsWith("Failed to connect to '" + nowhere + "': ");
        assertThat(r.has("downtime")).isFalse();
        assertThat(r.has("expected-downtime")).isFalse();
        assertThat(runState()).isEqualTo("running");
        assertThat(machine.vcpu().isPaused()).isFalse();
        assertThat(events("STOP")).isEmpty();

        ok("migrate", "{\"uri\":\"file:" + dir.resolve("vm.mig") + "\"}");
        migration.outgoing().await();
        assertThat(ok("query-migrate", null).get("status").asText()).isEqualTo("completed");
    }

    @Test
    void aMigrationThroughAnExecCommandThatFailsLeavesTheSourceRunning() throws Exception {
        monitor(machine("src.img"), RunState.RUNNING);
        ok("migrate", "{\"uri\":\"exec:cat > /dev/null; exit 3\"}");
        migration.outgoing().await();
        JsonNode r = ok("query-migrate", null);
        assertThat(r.get("status").asText()).isEqualTo("failed");
        assertThat(r.get("error-desc").asText()).isEqualTo("exec:cat > /dev/null; exit 3 exited with status 3");
        assertThat(r.has("downtime")).isFalse();
        assertThat(runState()).isEqualTo("running");
        assertThat(events("STOP")).isEmpty();
        assertThat(machine.vcpu().isPaused()).isFalse();
    }

    @Test
    void migrateRefusesWithQemusWords() {
        monitor(machine("src.img"), RunState.RUNNING);
        assertThat(error("migrate", null)).isEqualTo("Parameter 'uri' is missing");
        assertThat(error("migrate", "{\"uri\":\"ftp:host:21\"}")).isEqualTo("unknown migration protocol: ftp:host:21");
        assertThat(ok("query-migrate", null)).as("nothing started").isEqualTo(JSON.createObjectNode());

        monitor(machine("dst.img"), RunState.INMIGRATE);
        assertThat(error("migrate", "{\"uri\":\"file:" + dir.resolve("vm.mig") + "\"}"))
                .isEqualTo("Guest is waiting for an incoming migration");
        assertThat(Files.exists(dir.resolve("vm.mig"))).isFalse();
    }

    @Test
    void multifdIsACapabilityWithAChannelCountAndNeedsASocket() {
        monitor(machine("src.img"), RunState.RUNNING);
        ok("migrate-set-capabilities", "{\"capabilities\":[{\"capability\":\"multifd\",\"state\":true}]}");
        assertThat(ok("query-migrate-capabilities", null).get(1).toString())
                .isEqualTo("{\"capability\":\"multifd\",\"state\":true}");
        assertThat(migration.multifdChannels()).as("QEMU's default").isEqualTo(2);
        ok("migrate-set-parameters", "{\"multifd-channels\":4}");
        assertThat(ok("query-migrate-parameters", null).get("multifd-channels").asInt()).isEqualTo(4);
        assertThat(migration.multifdChannels()).isEqualTo(4);
        assertThat(error("migrate-set-parameters", "{\"multifd-channels\":0}"))
                .isEqualTo("Parameter 'multifd_channels' expects a value between 1 and 255");
        assertThat(error("migrate-set-parameters", "{\"multifd-channels\":256}"))
                .isEqualTo("Parameter 'multifd_channels' expects a value between 1 and 255");
        assertThat(error("migrate-set-parameters", "{\"multifd-channels\":\"x\"}"))
                .isEqualTo("Invalid parameter type for 'multifd-channels', expected: integer");
        for (String uri : List.of("file:" + dir.resolve("vm.mig"), "exec:cat >/dev/null")) {
            assertThat(error("migrate", "{\"uri\":\"" + uri + "\"}"))
                    .isEqualTo("Migration requires multi-channel URIs (e.g. tcp)");
        }
        assertThat(ok("query-migrate", null)).as("nothing started").isEqualTo(JSON.createObjectNode());
        assertThat(machine.vcpu().isPaused()).isFalse();
        ok("migrate-set-capabilities", "{\"capabilities\":[{\"capability\":\"multifd\",\"state\":false}]}");
        assertThat(migration.multifdChannels()).isZero();
    }

    @Test
    void capabilitiesAndParametersAreCheckedAndKept() {
        monitor(machine("src.img"), RunState.RUNNING);
        assertThat(ok("migrate-set-capabilities",
                "{\"capabilities\":[{\"capability\":\"x-ignore-shared\",\"state\":true}]}"))
                .isEqualTo(JSON.createObjectNode());
        assertThat(ok("query-migrate-capabilities", null).toString())
                .isEqualTo("[{\"capability\":\"x-ignore-shared\",\"state\":true},{\"capability\":\"multifd\",\"state\":false}]");
        assertThat(error("migrate-set-capabilities", null)).isEqualTo("Parameter 'capabilities' is missing");
        assertThat(error("migrate-set-capabilities", "{\"capabilities\":{\"capability\":\"x-ignore-shared\"}}"))
                .isEqualTo("Parameter 'capabilities' is missing");
        assertThat(error("migrate-set-capabilities",
                "{\"capabilities\":[{\"capability\":\"postcopy-ram\",\"state\":true}]}"))
                .isEqualTo("Parameter 'capability' does not accept value 'postcopy-ram'");
        ok("migrate-set-capabilities", "{\"capabilities\":[{\"capability\":\"x-ignore-shared\",\"state\":false}]}");
        assertThat(ok("query-migrate-capabilities", null).get(0).get("state").asBoolean()).isFalse();

        assertThat(ok("migrate-set-parameters", "{\"max-bandwidth\":1000000}")).isEqualTo(JSON.createObjectNode());
        assertThat(ok("query-migrate-parameters", null).get("max-bandwidth").asLong()).isEqualTo(1_000_000);
        ok("migrate-set-parameters", "{}");
        assertThat(ok("query-migrate-parameters", null).get("max-bandwidth").asLong()).as("left alone")
                .isEqualTo(1_000_000);
        assertThat(error("migrate-set-parameters", "{\"downtime-limit\":300}"))
                .isEqualTo("Parameter 'downtime-limit' is unexpected");
        assertThat(error("migrate-set-parameters", "{\"max-bandwidth\":-1}"))
                .isEqualTo("Invalid parameter type for 'max-bandwidth', expected: integer");
        assertThat(error("migrate-set-parameters", "{\"max-bandwidth\":\"fast\"}"))
                .isEqualTo("Invalid parameter type for 'max-bandwidth', expected: integer");
        assertThat(ok("query-migrate-parameters", null).get("max-bandwidth").asLong()).as("refusals change nothing")
                .isEqualTo(1_000_000);
        ok("migrate-set-parameters", "{\"max-bandwidth\":0}");
        assertThat(ok("query-migrate-parameters", null).get("max-bandwidth").asLong()).as("0: no limit").isZero();
    }

    @Test
    void xIgnoreSharedSetOverQmpLeavesTheSharedNvdimmUnsent() throws Exception {
        monitor(machine("src.img"), RunState.RUNNING);
        ok("migrate-set-capabilities", "{\"capabilities\":[{\"capability\":\"x-ignore-shared\",\"state\":true}]}");
        ok("migrate", "{\"uri\":\"file:" + dir.resolve("vm.mig") + "\"}");
        migration.outgoing().await();
        JsonNode ram = ok("query-migrate", null).get("ram");
        assertThat(ram.get("total").asLong()).as("main RAM only").isEqualTo(256 * MIB);
        assertThat(ram.get("normal").asLong() + ram.get("duplicate").asLong()).isEqualTo(256 * MIB / PAGE);
    }

    /**
     * The live pass keeps to max-bandwidth: its bytes take at least as long as the limit allows (the setup — here
     * a guest that takes a second to snapshot — is not part of that time), and not much longer.
     */
    @Test
    void maxBandwidthHoldsTheLivePassToTheLimitNotCountingTheSetup() throws Exception {
        long limit = 8 * MIB;
        fillPmem(machine("src.img"), 0, 24 << 20, 3);
        monitor(machines.get(0), RunState.RUNNING);
        AtomicBoolean snapshotted = new AtomicBoolean();
        guestState = () -> {
            if (snapshotted.compareAndSet(false, true)) {
                sleep(1000); // the first snapshot is part of the setup
            }
            return new byte[0];
        };
        ok("migrate-set-parameters", "{\"max-bandwidth\":" + limit + "}");
        ok("migrate", "{\"uri\":\"file:" + dir.resolve("vm.mig") + "\"}");
        migration.outgoing().await();

        JsonNode r = ok("query-migrate", null);
        assertThat(r.get("status").asText()).isEqualTo("completed");
        long setup = r.get("setup-time").asLong();
        long live = r.get("total-time").asLong() - setup;
        long due = r.at("/ram/transferred").asLong() * 1000 / limit;
        assertThat(setup).isGreaterThanOrEqualTo(1000);
        assertThat(live).as("%d ms for what %d B/s allows in %d ms", live, limit, due)
                .isBetween(due * 9 / 10, due + 1800);
    }

    /**
     * A migration that fell behind its budget (here the first run of pages takes two seconds to go out) sends at
     * full speed until it has caught up, and then keeps to the limit: the stall is not paid for twice.
     */
    @Test
    void maxBandwidthLetsAMigrationThatFellBehindCatchUp() throws Exception {
        long limit = 8 * MIB;
        fillPmem(machine("src.img"), 0, 24 << 20, 4);
        monitor(machines.get(0), RunState.RUNNING);
        AtomicBoolean stalled = new AtomicBoolean();
        betweenRuns = done -> {
            if (stalled.compareAndSet(false, true)) {
                sleep(2000);
            }
        };
        ok("migrate-set-parameters", "{\"max-bandwidth\":" + limit + "}");
        ok("migrate", "{\"uri\":\"file:" + dir.resolve("vm.mig") + "\"}");
        migration.outgoing().await();

        JsonNode r = ok("query-migrate", null);
        long live = r.get("total-time").asLong() - r.get("setup-time").asLong();
        long due = r.at("/ram/transferred").asLong() * 1000 / limit;
        assertThat(due).as("the budget outlasts the stall").isGreaterThan(2500);
        assertThat(live).as("%d ms for what %d B/s allows in %d ms", live, limit, due)
                .isBetween(due * 9 / 10, due + 1800);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void migrateCancelCutsOffASendBlockedOnADestinationThatStoppedReadingAndTheSourceKeepsRunning()
            throws Exception {
        fillPmem(machine("src.img"), 0, 24 << 20, 5);
        monitor(machines.get(0), RunState.RUNNING);
        Path sock = dir.resolve("mig.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            ok("migrate", "{\"uri\":\"unix:" + sock + "\"}");
            SocketChannel stalled = server.accept();
            try (stalled) {
                // the destination reads nothing: once the socket's buffers are full, the source's send blocks
                long deadline = System.nanoTime() + 30_000_000_000L;
                long seen = -1;
                long now = migration.outgoing().stats().transferredBytes();
                while ((now == 0 || now != seen) && System.nanoTime() < deadline) {
                    seen = now;
                    Thread.sleep(300);
                    now = migration.outgoing().stats().transferredBytes();
                }
                assertThat(ok("query-migrate", null).get("status").asText()).isEqualTo("active");
                assertThat(ok("migrate_cancel", null)).isEqualTo(JSON.createObjectNode());
                JsonNode r = awaitStatus("cancelled");
                assertThat(r.get("error-desc").asText()).isEqualTo("migration was cancelled");
                assertThat(r.at("/ram/transferred").asLong()).isLessThan(24 * MIB);
            }
        }
        assertThat(runState()).isEqualTo("running");
        assertThat(machine.vcpu().isPaused()).isFalse();
        assertThat(events("STOP")).isEmpty();
    }

    @Test
    void onTheDestinationQueryMigrateReportsTheIncomingMigration() throws Exception {
        Machine src = machine("src.img");
        byte[] data = fillPmem(src, 0, 1 << 20, 6);
        Path file = dir.resolve("vm.mig");
        OutgoingMigration out = new OutgoingMigration(src, MigrationUri.parse("file:" + file), false,
                () -> new byte[0], () -> { });
        out.start();
        out.await();

        monitor(machine("dst.img"), RunState.INMIGRATE);
        IncomingMigration in = new IncomingMigration(machine);
        migration.setIncoming(in);
        assertThat(ok("query-migrate", null).toString()).isEqualTo("{\"status\":\"setup\"}");
        in.load(Files.newInputStream(file));
        assertThat(ok("query-migrate", null).toString()).isEqualTo("{\"status\":\"completed\"}");
        assertThat(machine.memoryMap().read(machine.nvdimms().get(0).addr(), data.length)).isEqualTo(data);

        IncomingMigration refused = new IncomingMigration(machine);
        migration.setIncoming(refused);
        byte[] truncated = Arrays.copyOf(Files.readAllBytes(file), 100);
        try {
            refused.load(new ByteArrayInputStream(truncated));
        } catch (MigrationException expected) {
            // reported below
        }
        JsonNode r = ok("query-migrate", null);
        assertThat(r.get("status").asText()).isEqualTo("failed");
        assertThat(r.get("error-desc").asText()).isEqualTo(refused.error())
                .isEqualTo("migration stream ended before its END section (truncated)");
    }

    @Test
    void migrateIncomingStartsTheDeferredIncomingMigrationOnceAndOnlyOnAWaitingMachine() {
        monitor(machine("a.img"), RunState.RUNNING);
        List<MigrationUri> started = new CopyOnWriteArrayList<>();
        migration.setIncomingStarter(started::add);
        assertThat(error("migrate-incoming", "{\"uri\": \"tcp:127.0.0.1:4444\"}"))
                .isEqualTo("'-incoming' was not specified on the command line");

        monitor(machine("b.img"), RunState.INMIGRATE);
        assertThat(error("migrate-incoming", "{\"uri\": \"tcp:127.0.0.1:4444\"}"))
                .as("a machine this monitor cannot feed").isEqualTo("'-incoming' was not specified on the command line");
        AtomicBoolean refuse = new AtomicBoolean(true);
        migration.setIncomingStarter(uri -> {
            if (refuse.get()) {
                throw new MigrationException("Failed to bind socket: Address already in use");
            }
            started.add(uri);
        });
        assertThat(ok("query-migrate", null)).as("nothing started yet").isEqualTo(JSON.createObjectNode());
        assertThat(error("migrate-incoming", "{}")).isEqualTo("need either 'uri' or 'channels' argument");
        assertThat(error("migrate-incoming", "{\"uri\": \"rdma:1.2.3.4:5\"}"))
                .isEqualTo("unknown migration protocol: rdma:1.2.3.4:5");
        assertThat(error("migrate-incoming", "{\"uri\": \"tcp:127.0.0.1:4444\"}"))
                .isEqualTo("Failed to bind socket: Address already in use");
        ok("migrate-set-capabilities", "{\"capabilities\": [{\"capability\": \"multifd\", \"state\": true}]}");
        assertThat(error("migrate-incoming", "{\"uri\": \"exec:cat x\"}"))
                .isEqualTo("Migration requires multi-channel URIs (e.g. tcp)");
        assertThat(started).as("refused starts").isEmpty();
        assertThat(runState()).isEqualTo("inmigrate");

        refuse.set(false); // a start that failed does not count: the next one may succeed, as in QEMU
        assertThat(ok("migrate-incoming", "{\"uri\": \"tcp:127.0.0.1:4444\"}")).isEqualTo(JSON.createObjectNode());
        assertThat(started).containsExactly(new MigrationUri("tcp", "127.0.0.1:4444"));
        assertThat(error("migrate-incoming", "{\"uri\": \"tcp:127.0.0.1:4445\"}"))
                .isEqualTo("The incoming migration has already been started");
        assertThat(started).hasSize(1);
    }

    @Test
    void anIncomingMigrationStartedFromTheCommandLineCannotBeStartedAgain() throws MigrationException {
        monitor(machine("a.img"), RunState.INMIGRATE);
        List<MigrationUri> started = new CopyOnWriteArrayList<>();
        migration.setIncomingStarter(started::add);
        migration.startIncoming(MigrationUri.parse("unix:/tmp/x.sock")); // what -incoming URI does at start-up
        assertThat(error("migrate-incoming", "{\"uri\": \"tcp:127.0.0.1:4444\"}"))
                .isEqualTo("The incoming migration has already been started");
        assertThat(started).containsExactly(new MigrationUri("unix", "/tmp/x.sock"));
    }

    /** The channel forms and refusals as QEMU 10.0 and 11.1 said them to a QMP probe. */
    @Test
    void migrateIncomingTakesOneMainChannelInsteadOfAUri() {
        monitor(machine("a.img"), RunState.INMIGRATE);
        List<MigrationUri> started = new CopyOnWriteArrayList<>();
        migration.setIncomingStarter(started::add);
        String inet = """
                {"channel-type": "main", "addr": {"transport": "socket", "type": "inet", "host": "127.0.0.1", \
                "port": "5555"}}""";
        assertThat(error("migrate-incoming", "{\"uri\": \"tcp:127.0.0.1:5556\", \"channels\": [" + inet + "]}"))
                .isEqualTo("need either 'uri' or 'channels' argument");
        assertThat(error("migrate-incoming", "{\"channels\": []}")).isEqualTo("need either 'uri' or 'channels' argument");
        assertThat(error("migrate-incoming", "{\"channels\": [" + inet + ", " + inet + "]}"))
                .isEqualTo("Channel list must have only one entry, for type 'main'");
        assertThat(error("migrate-incoming", """
                {"channels": [{"channel-type": "main", "addr": {"transport": "socket", "type": "inet", \
                "host": "127.0.0.1"}}]}""")).isEqualTo("Parameter 'channels[0].addr.port' is missing");
        assertThat(error("migrate-incoming", """
                {"channels": [{"addr": {"transport": "socket", "type": "unix", "path": "/x"}}]}"""))
                .isEqualTo("Parameter 'channels[0].channel-type' is missing");
        assertThat(error("migrate-incoming", """
                {"channels": [{"channel-type": "data", "addr": {"transport": "socket", "type": "unix", \
                "path": "/x"}}]}""")).isEqualTo("Parameter 'channel-type' does not accept value 'data'");
        assertThat(error("migrate-incoming", """
                {"channels": [{"channel-type": "main", "addr": {"transport": "pipe"}}]}"""))
                .isEqualTo("Parameter 'transport' does not accept value 'pipe'");
        assertThat(error("migrate-incoming", """
                {"uri": "tcp:127.0.0.1:1", "exit-on-error": "no"}"""))
                .isEqualTo("Invalid parameter type for 'exit-on-error', expected: boolean");
        assertThat(error("migrate-incoming", """
                {"uri": "tcp:127.0.0.1:1", "exit_on_error": false}"""))
                .isEqualTo("Parameter 'exit_on_error' is unexpected");
        assertThat(started).as("refused starts").isEmpty();
        assertThat(migration.exitOnError()).as("the default").isTrue();

        assertThat(ok("migrate-incoming", """
                {"channels": [{"channel-type": "main", "addr": {"transport": "exec", \
                "args": ["/bin/sh", "-c", "cat 'saved state'"]}}], "exit-on-error": false}"""))
                .isEqualTo(JSON.createObjectNode());
        assertThat(started).containsExactly(new MigrationUri("exec", "'/bin/sh' '-c' 'cat '\\''saved state'\\'''"));
        assertThat(migration.exitOnError()).isFalse();
        assertThat(error("migrate-incoming", "{\"channels\": [" + inet + "]}"))
                .isEqualTo("The incoming migration has already been started");
    }

    @Test
    void aChannelNamesTheSameAddressesAsAUri() throws Exception {
        assertThat(MigrationChannel.parse(JSON.readTree("""
                [{"channel-type": "main", "addr": {"transport": "socket", "type": "unix", "path": "/run/m.sock"}}]""")))
                .isEqualTo(MigrationUri.parse("unix:/run/m.sock"));
        assertThat(MigrationChannel.parse(JSON.readTree("""
                [{"channel-type": "main", "addr": {"transport": "socket", "type": "inet", "host": "::1", \
                "port": "4444"}}]"""))).isEqualTo(MigrationUri.parse("tcp:::1:4444"));
        assertThat(MigrationChannel.parse(JSON.readTree("""
                [{"channel-type": "main", "addr": {"transport": "file", "filename": "/tmp/s", "offset": 0}}]""")))
                .isEqualTo(MigrationUri.parse("file:/tmp/s"));
    }
}
