package dev.vnvdimm.emulator.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vnvdimm.abi.migration.ChannelHeader;
import dev.vnvdimm.abi.migration.DeviceStateSection;
import dev.vnvdimm.abi.migration.MigrationStream;
import dev.vnvdimm.abi.migration.MultifdSection;
import dev.vnvdimm.abi.migration.RamHeader;
import dev.vnvdimm.abi.migration.ReturnPath;
import dev.vnvdimm.abi.migration.Section;
import dev.vnvdimm.abi.qemu.CommandLineTokenizer;
import dev.vnvdimm.emulator.config.MachineConfig;
import dev.vnvdimm.emulator.dsm.FitBuffer;
import dev.vnvdimm.emulator.hostmem.Progress;
import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.emulator.machine.MachineFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * multifd: RAM pages on further connections to the same address, the main connection carrying the rest and
 * the sync points. Connections go through a counting proxy, which can also cut one of them.
 */
@Timeout(60)
class MultifdTest {
    private static final long MIB = 1 << 20;
    private static final int PAGES = 2 * OutgoingMigration.STOP_AND_COPY_PAGES;

    @TempDir
    Path dir;

    private final List<Machine> machines = new ArrayList<>();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void powerOff() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        machines.forEach(Machine::close);
    }

    private Machine machine(String file) {
        Machine m = new MachineFactory(Progress.NONE).build(MachineConfig.parse(CommandLineTokenizer.split(
                "-machine pc,nvdimm=on -m 128M,slots=4,maxmem=4G -object memory-backend-file,id=mem1,share=on,"
                        + "mem-path=" + dir.resolve(file) + ",size=64M -device nvdimm,id=nv1,memdev=mem1")));
        machines.add(m);
        return m;
    }

    /** {@code mib} MiB of random data at the start of the NVDIMM and 1 MiB in main RAM. */
    private static void fill(Machine m, int mib, long seed) {
        byte[] chunk = new byte[(int) MIB];
        Random r = new Random(seed);
        long base = m.nvdimms().get(0).addr();
        for (int i = 0; i < mib; i++) {
            r.nextBytes(chunk);
            m.memoryMap().write(base + i * MIB, chunk);
        }
        r.nextBytes(chunk);
        m.memoryMap().write(4 * MIB, chunk);
    }

    private static void assertSameMemory(Machine src, Machine dst) {
        for (int i = 0; i < src.ramBlocks().size(); i++) {
            var a = src.ramBlocks().get(i).memory();
            var b = dst.ramBlocks().get(i).memory();
            for (long at = 0; at < a.size(); at += MIB) {
                int n = (int) Math.min(MIB, a.size() - at);
                assertThat(b.read(at, n)).as("block %s at 0x%x", src.ramBlocks().get(i).id(), at)
                        .isEqualTo(a.read(at, n));
            }
        }
    }

    /** A destination loading in the background; its result is the load's failure, or null. */
    private CompletableFuture<Exception> destination(Machine dst, MigrationUri.Listener l, int channels) {
        IncomingMigration in = new IncomingMigration(dst).withMultifd(channels);
        return CompletableFuture.supplyAsync(() -> {
            try (l; MigrationUri.Connection c = l.accept(channels > 0)) {
                in.load(c, l);
                return null;
            } catch (Exception e) {
                return e;
            }
        });
    }

    private static OutgoingMigration source(Machine src, String uri, int channels, Progress progress)
            throws Exception {
        OutgoingMigration out = new OutgoingMigration(src, MigrationUri.parse(uri), false, () -> new byte[0],
                () -> { }).withMultifd(channels).withProgress(progress);
        out.start();
        out.await();
        return out;
    }

    private static int port(MigrationUri.Listener l) throws IOException {
        return ((InetSocketAddress) l.address()).getPort();
    }

    @Test
    void pagesTravelOnEveryChannelAndArriveIntact() throws Exception {
        Machine src = machine("src.img");
        Machine dst = machine("dst.img");
        fill(src, 24, 1);
        MigrationUri.Listener l = MigrationUri.parse("tcp:127.0.0.1:0").listen();
        CompletableFuture<Exception> loaded = destination(dst, l, 3);
        Proxy proxy = new Proxy(port(l));

        OutgoingMigration out = source(src, "tcp:127.0.0.1:" + proxy.port(), 3, Progress.NONE);

        assertThat(out.status()).as(out.error()).isEqualTo(MigrationStatus.COMPLETED);
        assertThat(loaded.get(30, TimeUnit.SECONDS)).isNull();
        assertThat(proxy.upstream).as("the main connection and three channels").hasSize(4);
        assertThat(proxy.upstream.get(0).get()).as("the main connection carries no pages").isLessThan(MIB);
        for (int i = 1; i <= 3; i++) {
            assertThat(proxy.upstream.get(i).get()).as("channel %d", i - 1).isGreaterThan(6 * MIB);
        }
        assertSameMemory(src, dst);
        assertThat(src.vcpu().isPaused()).as("the source stays paused once the destination has it").isTrue();
    }

    @Test
    void overAUnixSocketToo() throws Exception {
        Machine src = machine("src.img");
        Machine dst = machine("dst.img");
        fill(src, 4, 2);
        String uri = "unix:" + dir.resolve("mig.sock");
        CompletableFuture<Exception> loaded = destination(dst, MigrationUri.parse(uri).listen(), 2);
        OutgoingMigration out = source(src, uri, 2, Progress.NONE);
        assertThat(out.status()).as(out.error()).isEqualTo(MigrationStatus.COMPLETED);
        assertThat(loaded.get(30, TimeUnit.SECONDS)).isNull();
        assertSameMemory(src, dst);
    }

    /**
     * The guest rewrites the same pages while every pass is sent, so each pass sends them again, likely on
     * another channel than the pass before; the first channel is slowed down, so without the sync at the end
     * of each pass its older copies would arrive after the newer ones: the destination must end with the last
     * copy of every page.
     */
    @Test
    void aPageDirtiedAgainEndsWithItsLastCopyWhateverChannelsTheCopiesTook() throws Exception {
        Machine src = machine("src.img");
        Machine dst = machine("dst.img");
        fill(src, 8, 3);
        long base = src.nvdimms().get(0).addr();
        AtomicInteger version = new AtomicInteger();
        AtomicReference<OutgoingMigration> running = new AtomicReference<>();
        Progress rewriting = (what, total) -> done -> {
            OutgoingMigration m = running.get();
            if (m != null && !src.vcpu().isPaused() && m.stats().dirtySyncCount() < 6) {
                int v = version.incrementAndGet();
                for (int page = 0; page < PAGES; page++) { // more than a stop-and-copy's worth, one run each
                    src.memoryMap().write(base + page * 16 * 1024L, ByteBuffer.allocate(8).putInt(page).putInt(v)
                            .array());
                }
            }
        };
        MigrationUri.Listener l = MigrationUri.parse("tcp:127.0.0.1:0").listen();
        CompletableFuture<Exception> loaded = destination(dst, l, 4);
        Proxy proxy = new Proxy(port(l));
        proxy.slow(1, 8); // the first channel: 8 ms for every 64 KiB

        OutgoingMigration out = new OutgoingMigration(src, MigrationUri.parse("tcp:127.0.0.1:" + proxy.port()), false,
                () -> new byte[0], () -> { }).withMultifd(4).withProgress(rewriting);
        running.set(out);
        out.start();
        out.await();

        assertThat(out.status()).as(out.error()).isEqualTo(MigrationStatus.COMPLETED);
        assertThat(loaded.get(30, TimeUnit.SECONDS)).isNull();
        assertThat(out.stats().dirtySyncCount()).as("passes").isGreaterThan(5);
        long dbase = dst.nvdimms().get(0).addr();
        for (int page = 0; page < PAGES; page++) {
            assertThat(ByteBuffer.wrap(dst.memoryMap().read(dbase + page * 16 * 1024L, 8)).getInt(4))
                    .as("version of page %d", page).isEqualTo(version.get());
        }
        assertSameMemory(src, dst);
    }

    /**
     * The destination's side of the sync, step by step with a scripted source: the pass's SYNC on the main
     * connection is answered only once every channel has loaded up to its own SYNC, so a page sent again in
     * the next pass on another channel lands after its older copy.
     */
    @Test
    void theDestinationAnswersAPassesSyncOnlyOnceEveryChannelReachedItsOwn() throws Exception {
        Machine src = machine("src.img");
        Machine dst = machine("dst.img");
        MigrationUri.Listener l = MigrationUri.parse("tcp:127.0.0.1:0").listen();
        CompletableFuture<Exception> loaded = destination(dst, l, 2);
        MigrationUri target = MigrationUri.parse("tcp:127.0.0.1:" + port(l));
        long session = 0x5eed;
        try (MigrationUri.Connection main = target.openForWriting()) {
            MigrationStream.writeHeader(main.out(), "pc");
            Section.write(main.out(), Section.CONFIG, MachineDescription.of(src, false).toJson());
            Section.write(main.out(), Section.MULTIFD, new MultifdSection(2, session).encode());
            assertThat(ReturnPath.readSynced(main.in())).as("ready for the channels").isNull();
            try (MigrationUri.Connection ch0 = target.openForWriting();
                 MigrationUri.Connection ch1 = target.openForWriting()) {
                ChannelHeader.write(ch0.out(), session, 0);
                ChannelHeader.write(ch1.out(), session, 1);

                page(ch0, 1); // pass 1: the page on channel 0, whose SYNC comes late
                Section.write(ch1.out(), Section.SYNC, new byte[0]);
                Section.write(main.out(), Section.SYNC, new byte[0]);
                CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> ReturnPath.readSynced(
                        main.in()));
                Thread.sleep(300);
                assertThat(answer).as("no answer while channel 0 has not reached its SYNC").isNotDone();
                Section.write(ch0.out(), Section.SYNC, new byte[0]);
                assertThat(answer.get(10, TimeUnit.SECONDS)).isNull();

                page(ch1, 2); // pass 2: the same page again, on channel 1
                Section.write(ch1.out(), Section.SYNC, new byte[0]);
                Section.write(ch0.out(), Section.SYNC, new byte[0]);
                Section.write(main.out(), Section.SYNC, new byte[0]);
                assertThat(ReturnPath.readSynced(main.in())).isNull();

                Section.write(main.out(), Section.DEVICE_STATE,
                        new DeviceStateSection(FitBuffer.ID, ByteBuffer.wrap(new byte[] {0})).encode());
                Section.write(main.out(), Section.GUEST_STATE, new byte[0]);
                Section.write(main.out(), Section.END, new byte[0]);
                assertThat(ReturnPath.readReturn(main.in())).isNull();
            }
        }
        assertThat(loaded.get(30, TimeUnit.SECONDS)).isNull();
        var mem = dst.ramBlocks().stream().filter(b -> b.id().equals("mem1")).findFirst().orElseThrow().memory();
        assertThat(mem.getInt(0)).as("the page's last copy").isEqualTo(2);
    }

    /** Page 0 of mem1, every int of it {@code version}, as one RAM section on {@code c}. */
    private static void page(MigrationUri.Connection c, int version) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(RamHeader.PAGE).order(ByteOrder.LITTLE_ENDIAN);
        while (data.hasRemaining()) {
            data.putInt(version);
        }
        Section.write(c.out(), Section.RAM,
                new RamHeader("mem1", 0, 1, RamHeader.PAGES_DATA).encode(), data.flip());
    }

    @Test
    void aSourceWithMultifdIsRefusedByADestinationWithoutItAndKeepsRunning() throws Exception {
        Machine src = machine("src.img");
        fill(src, 2, 4);
        MigrationUri.Listener l = MigrationUri.parse("tcp:127.0.0.1:0").listen();
        CompletableFuture<Exception> loaded = destination(machine("dst.img"), l, 0);

        OutgoingMigration out = source(src, "tcp:127.0.0.1:" + port(l), 2, Progress.NONE);

        assertThat(out.status()).isEqualTo(MigrationStatus.FAILED);
        assertThat(out.error()).isEqualTo("the destination refused the migration: the source migrates with multifd "
                + "on 2 channels but the multifd capability is off here: enable it with migrate-set-capabilities on "
                + "the destination too");
        assertThat(loaded.get(30, TimeUnit.SECONDS)).hasMessageContaining("multifd capability is off here");
        assertThat(src.vcpu().isPaused()).isFalse();
    }

    @Test
    void aDestinationWithMultifdRefusesASourceWithoutIt() throws Exception {
        Machine src = machine("src.img");
        fill(src, 2, 5);
        MigrationUri.Listener l = MigrationUri.parse("tcp:127.0.0.1:0").listen();
        CompletableFuture<Exception> loaded = destination(machine("dst.img"), l, 2);

        OutgoingMigration out = source(src, "tcp:127.0.0.1:" + port(l), 0, Progress.NONE);

        assertThat(out.status()).isEqualTo(MigrationStatus.FAILED);
        assertThat(out.error()).isEqualTo("the destination refused the migration: the multifd capability is on here "
                + "but the source migrates without it: enable multifd on both sides, or on neither");
        assertThat(loaded.get(30, TimeUnit.SECONDS)).isInstanceOf(MigrationException.class);
        assertThat(src.vcpu().isPaused()).isFalse();
    }

    @Test
    void differentChannelCountsAreRefused() throws Exception {
        Machine src = machine("src.img");
        MigrationUri.Listener l = MigrationUri.parse("tcp:127.0.0.1:0").listen();
        destination(machine("dst.img"), l, 2);
        OutgoingMigration out = source(src, "tcp:127.0.0.1:" + port(l), 4, Progress.NONE);
        assertThat(out.status()).isEqualTo(MigrationStatus.FAILED);
        assertThat(out.error()).endsWith("multifd-channels mismatch: the source uses 4 channels, this destination 2");
        assertThat(src.vcpu().isPaused()).isFalse();
    }

    @Test
    void fileAndExecHaveNoFurtherChannels() throws Exception {
        Machine src = machine("src.img");
        for (String uri : List.of("file:" + dir.resolve("vm.mig"), "exec:cat > /dev/null")) {
            OutgoingMigration out = source(src, uri, 2, Progress.NONE);
            assertThat(out.status()).isEqualTo(MigrationStatus.FAILED);
            assertThat(out.error()).isEqualTo("Migration requires multi-channel URIs (e.g. tcp)");
        }
        assertThat(dir.resolve("vm.mig")).doesNotExist();
        assertThat(src.vcpu().isPaused()).isFalse();
        MigrationUri.Listener file = MigrationUri.parse("file:" + dir.resolve("vm.mig")).listen();
        assertThatThrownBy(file::acceptChannel).hasMessage("Migration requires multi-channel URIs (e.g. tcp)");
    }

    @Test
    void aChannelThatBreaksMidMigrationFailsItAndTheSourceKeepsRunning() throws Exception {
        Machine src = machine("src.img");
        Machine dst = machine("dst.img");
        fill(src, 32, 6);
        MigrationUri.Listener l = MigrationUri.parse("tcp:127.0.0.1:0").listen();
        CompletableFuture<Exception> loaded = destination(dst, l, 2);
        Proxy proxy = new Proxy(port(l));
        proxy.cut(2, 4 * MIB); // the second channel, after 4 MiB

        OutgoingMigration out = source(src, "tcp:127.0.0.1:" + proxy.port(), 2, Progress.NONE);

        assertThat(out.status()).isEqualTo(MigrationStatus.FAILED);
        assertThat(out.error()).startsWith("multifd channel ");
        assertThat(src.vcpu().isPaused()).as("the source's guest runs on").isFalse();
        Exception failed = loaded.get(30, TimeUnit.SECONDS);
        assertThat(failed).isInstanceOf(MigrationException.class);
        assertThat(failed).hasMessageStartingWith("multifd channel ");
        src.memoryMap().write(src.nvdimms().get(0).addr(), new byte[] {42}); // still mapped, still writable

        // and it can migrate again, to a destination that works
        Machine again = machine("again.img");
        MigrationUri.Listener l2 = MigrationUri.parse("tcp:127.0.0.1:0").listen();
        CompletableFuture<Exception> loaded2 = destination(again, l2, 2);
        OutgoingMigration second = source(src, "tcp:127.0.0.1:" + port(l2), 2, Progress.NONE);
        assertThat(second.status()).as(second.error()).isEqualTo(MigrationStatus.COMPLETED);
        assertThat(loaded2.get(30, TimeUnit.SECONDS)).isNull();
        assertSameMemory(src, again);
    }

    /** Forwards connections to the destination, counts what each carries upstream, and can cut one. */
    private final class Proxy implements AutoCloseable {
        final List<AtomicLong> upstream = new CopyOnWriteArrayList<>();
        private final ServerSocketChannel server = ServerSocketChannel.open();
        private final List<SocketChannel> sockets = new CopyOnWriteArrayList<>();
        private volatile int cutIndex = -1;
        private volatile long cutAfter;
        private volatile int slowIndex = -1;
        private volatile long slowMillis;

        Proxy(int targetPort) throws IOException {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            closing.add(this);
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        SocketChannel client = server.accept();
                        SocketChannel target = SocketChannel.open(new InetSocketAddress("127.0.0.1", targetPort));
                        sockets.add(client);
                        sockets.add(target);
                        AtomicLong count = new AtomicLong();
                        int index = upstream.size();
                        upstream.add(count);
                        pump(client, target, count, index);
                        pump(target, client, new AtomicLong(), -1);
                    }
                } catch (IOException e) {
                    // closed
                }
            }, "proxy");
            t.setDaemon(true);
            t.start();
        }

        int port() throws IOException {
            return ((InetSocketAddress) server.getLocalAddress()).getPort();
        }

        /** Connection {@code index} (0: the main one) is closed both ways once it carried {@code bytes}. */
        void cut(int index, long bytes) {
            cutAfter = bytes;
            cutIndex = index;
        }

        /** Connection {@code index} forwards each chunk of up to 64 KiB only after {@code millis}. */
        void slow(int index, long millis) {
            slowMillis = millis;
            slowIndex = index;
        }

        private void pump(SocketChannel from, SocketChannel to, AtomicLong count, int index) {
            Thread t = new Thread(() -> {
                ByteBuffer b = ByteBuffer.allocateDirect(64 * 1024);
                try {
                    while (from.read(b.clear()) >= 0) {
                        b.flip();
                        if (index >= 0 && index == cutIndex && count.get() + b.remaining() > cutAfter) {
                            from.close();
                            to.close();
                            return;
                        }
                        count.addAndGet(b.remaining());
                        if (index >= 0 && index == slowIndex) {
                            try {
                                Thread.sleep(slowMillis);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                        while (b.hasRemaining()) {
                            to.write(b);
                        }
                    }
                    to.shutdownOutput();
                } catch (IOException e) {
                    try {
                        from.close();
                        to.close();
                    } catch (IOException ignored) {
                        // both gone
                    }
                }
            }, "proxy-pump");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (SocketChannel s : sockets) {
                s.close();
            }
        }
    }
}
