package dev.vnvdimm.emulator.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vnvdimm.abi.migration.MigrationStream;
import dev.vnvdimm.abi.migration.RamHeader;
import dev.vnvdimm.abi.migration.ReturnPath;
import dev.vnvdimm.abi.migration.Section;
import dev.vnvdimm.abi.qemu.CommandLineTokenizer;
import dev.vnvdimm.emulator.config.MachineConfig;
import dev.vnvdimm.emulator.dimm.LabelArea;
import dev.vnvdimm.emulator.hostmem.Progress;
import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.emulator.machine.MachineFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Source and destination machines in one process, the stream over loopback TCP, a unix socket or a file. */
@Timeout(60)
class MigrationTest {
    private static final String MACHINE = "-machine pc,nvdimm=on -m 256M,slots=4,maxmem=4G ";

    @TempDir
    Path dir;

    private final List<Machine> machines = new ArrayList<>();

    @AfterEach
    void powerOff() {
        machines.forEach(Machine::close);
    }

    private Machine machine(String file, String size, String label, String more) {
        Machine m = new MachineFactory(Progress.NONE).build(MachineConfig.parse(CommandLineTokenizer.split(MACHINE
                + "-object memory-backend-file,id=mem1,share=on,mem-path=" + dir.resolve(file) + ",size=" + size
                + " -device nvdimm,id=nv1,memdev=mem1,label-size=" + label + " " + more)));
        machines.add(m);
        return m;
    }

    /** A 256 MiB file backend {@code backendId} and whatever devices {@code devices} adds. */
    private Machine machineWith(String backendId, String file, String devices) {
        Machine m = new MachineFactory(Progress.NONE).build(MachineConfig.parse(CommandLineTokenizer.split(MACHINE
                + "-object memory-backend-file,id=" + backendId + ",share=on,mem-path=" + dir.resolve(file)
                + ",size=256M" + devices)));
        machines.add(m);
        return m;
    }

    private static LabelArea labels(Machine m) {
        return m.nvdimms().get(0).labelArea().orElseThrow();
    }

    private static byte[] pmem(Machine m, int len) {
        return m.memoryMap().read(m.nvdimms().get(0).addr(), len);
    }

    /** Starts listening on the destination and loads whatever arrives, in the background. */
    private CompletableFuture<Void> listen(IncomingMigration in, MigrationUri.Listener l) {
        return CompletableFuture.runAsync(() -> {
            try (MigrationUri.Connection c = l.accept()) {
                in.load(c);
            } catch (IOException e) {
                throw new CompletionException(e);
            } finally {
                try {
                    l.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        });
    }

    private OutgoingMigration migrate(Machine src, String uri, boolean ignoreShared) throws Exception {
        OutgoingMigration out = new OutgoingMigration(src, MigrationUri.parse(uri), ignoreShared,
                () -> "guest".getBytes(StandardCharsets.UTF_8), () -> { });
        out.start();
        out.await();
        return out;
    }

    /** Migrates {@code src} over loopback TCP into {@code in}'s machine and waits until the destination loaded it. */
    private OutgoingMigration migrateOverTcp(Machine src, IncomingMigration in) throws Exception {
        MigrationUri.Listener l = MigrationUri.parse("tcp:127.0.0.1:0").listen();
        CompletableFuture<Void> loaded = listen(in, l);
        OutgoingMigration out = migrate(src, tcp(l), false);
        loaded.get(30, TimeUnit.SECONDS);
        return out;
    }

    private static String tcp(MigrationUri.Listener l) throws IOException {
        return "tcp:127.0.0.1:" + ((InetSocketAddress) l.address()).getPort();
    }

    @Test
    void labelsAndDataArriveOverTcpAndTheFitFlagTravels() throws Exception {
        Machine src = machine("src.img", "64M", "128K", "");
        byte[] labelBytes = new byte[5000];
        new Random(1).nextBytes(labelBytes);
        labels(src).write(100, labelBytes);
        src.memoryMap().write(src.nvdimms().get(0).addr() + 4096, "pmem data".getBytes(StandardCharsets.UTF_8));
        src.memoryMap().write(0x200000, "main RAM".getBytes(StandardCharsets.UTF_8));
        src.nvdimmAcpi().orElseThrow().fit().setDirty(false);

        Machine dst = machine("dst.img", "64M", "128K", "");
        IncomingMigration in = new IncomingMigration(dst);
        OutgoingMigration out = migrateOverTcp(src, in);

        assertThat(out.status()).isEqualTo(MigrationStatus.COMPLETED);
        assertThat(in.status()).isEqualTo(MigrationStatus.COMPLETED);
        assertThat(labels(dst).read(100, 5000)).isEqualTo(labelBytes);
        assertThat(pmem(dst, 4096 + 9)).endsWith("pmem data".getBytes(StandardCharsets.UTF_8));
        assertThat(dst.memoryMap().read(0x200000, 8)).isEqualTo("main RAM".getBytes(StandardCharsets.UTF_8));
        assertThat(dst.nvdimmAcpi().orElseThrow().fit().isDirty()).isFalse();
        assertThat(new String(in.guestState(), StandardCharsets.UTF_8)).isEqualTo("guest");
        // the destination's file holds the source's label area at its end
        byte[] file = Files.readAllBytes(dir.resolve("dst.img"));
        assertThat(Arrays.copyOfRange(file, file.length - (128 << 10) + 100, file.length - (128 << 10) + 5100))
                .isEqualTo(labelBytes);
        OutgoingMigration.Stats s = out.stats();
        assertThat(s.totalBytes()).isEqualTo((256L << 20) + (64L << 20));
        assertThat(s.zeroPages()).isPositive();
        assertThat(s.transferredBytes()).isLessThan(s.totalBytes());
    }

    @Test
    void aDestinationWithAnotherLabelSizeIsRefusedBeforeItsMemoryIsTouchedAndTheSourceKeepsRunning()
            throws Exception {
        Machine src = machine("src.img", "64M", "128K", "");
        labels(src).write(0, "labels".getBytes(StandardCharsets.UTF_8));
        Machine dst = machine("dst.img", "64M", "256K", "");
        byte[] before = Files.readAllBytes(dir.resolve("dst.img"));
        IncomingMigration in = new IncomingMigration(dst);
        MigrationUri.Listener l = MigrationUri.parse("unix:" + dir.resolve("mig.sock")).listen();
        CompletableFuture<Void> loaded = listen(in, l);
        OutgoingMigration out = migrate(src, "unix:" + dir.resolve("mig.sock"), false);
        assertThatThrownBy(() -> loaded.get(30, TimeUnit.SECONDS)).hasRootCauseMessage(
                "nvdimm 'nv1': label-size 0x20000 on the source, 0x40000 here");
        assertThat(in.status()).isEqualTo(MigrationStatus.FAILED);
        assertThat(Files.readAllBytes(dir.resolve("dst.img"))).isEqualTo(before);
        assertThat(out.status()).isEqualTo(MigrationStatus.FAILED);
        assertThat(out.error()).isEqualTo("the destination refused the migration: nvdimm 'nv1': label-size 0x20000 "
                + "on the source, 0x40000 here");
        assertThat(src.vcpu().isPaused()).isFalse();
        assertThat(labels(src).read(0, 6)).isEqualTo("labels".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void mismatchesNameTheDeviceThePropertyAndBothValues() throws Exception {
        Machine src = machine("src.img", "256M", "128K", "");
        MachineDescription from = MachineDescription.of(src);
        assertThatThrownBy(() -> MachineDescription.of(machine("a.img", "256M", "256K", "")).acceptFrom(from))
                .hasMessage("nvdimm 'nv1': label-size 0x20000 on the source, 0x40000 here");
        assertThatThrownBy(() -> MachineDescription.of(machine("b.img", "128M", "128K", "")).acceptFrom(from))
                .hasMessage("Size mismatch: mem1: 0x10000000 != 0x8000000");
        // as in QEMU, a backend nothing maps is no RAM block
        assertThatThrownBy(() -> MachineDescription.of(machineWith("mem1", "c.img", "")).acceptFrom(from))
                .hasMessage("Unknown ramblock \"mem1\", cannot accept migration");
        assertThatThrownBy(() -> MachineDescription.of(machineWith("mem1", "e.img",
                " -device nvdimm,id=nvX,memdev=mem1,label-size=128K")).acceptFrom(from))
                .hasMessage("device 'nv1' (nvdimm) is missing on the destination");
        assertThatThrownBy(() -> MachineDescription.of(machineWith("mem9", "d.img",
                " -device nvdimm,id=nv1,memdev=mem9,label-size=128K")).acceptFrom(from))
                .hasMessage("Unknown ramblock \"mem1\", cannot accept migration");
        MachineDescription unarmed = MachineDescription.of(machine("u.img", "256M", "128K,unarmed=on", ""));
        assertThatThrownBy(() -> MachineDescription.of(machine("f.img", "256M", "128K", "")).acceptFrom(unarmed))
                .hasMessage("nvdimm 'nv1': unarmed true on the source, false here");
    }

    @Test
    void toAFileAndBackIntoANewInstanceAndACorruptOrTruncatedFileIsNeverLoaded() throws Exception {
        Machine src = machine("src.img", "64M", "128K", "");
        labels(src).write(0, "saved in a file".getBytes(StandardCharsets.UTF_8));
        Path file = dir.resolve("vm.mig");
        assertThat(migrate(src, "file:" + file, false).status()).isEqualTo(MigrationStatus.COMPLETED);

        Machine dst = machine("dst.img", "64M", "128K", "");
        new IncomingMigration(dst).load(Files.newInputStream(file));
        assertThat(labels(dst).read(0, 15)).isEqualTo("saved in a file".getBytes(StandardCharsets.UTF_8));

        byte[] corrupt = Files.readAllBytes(file);
        corrupt[40] ^= 0x01; // inside the CONFIG section
        Machine d2 = machine("d2.img", "64M", "128K", "");
        byte[] before = Files.readAllBytes(dir.resolve("d2.img"));
        assertThatThrownBy(() -> new IncomingMigration(d2).load(new ByteArrayInputStream(corrupt)))
                .hasMessageContaining("checksum mismatch");
        assertThat(Files.readAllBytes(dir.resolve("d2.img"))).isEqualTo(before);

        byte[] whole = Files.readAllBytes(file);
        byte[] truncated = Arrays.copyOf(whole, whole.length - 20);
        Machine d3 = machine("d3.img", "64M", "128K", "");
        assertThatThrownBy(() -> new IncomingMigration(d3).load(new ByteArrayInputStream(truncated)))
                .hasMessage("migration stream ended before its END section (truncated)");
    }

    @Test
    void xIgnoreSharedSkipsTheSharedFileAndChecksItIsTheSameFile() throws Exception {
        Machine src = machine("shared.img", "64M", "128K", "");
        labels(src).write(0, "shared".getBytes(StandardCharsets.UTF_8));
        src.sync();
        Path file = dir.resolve("vm.mig");
        OutgoingMigration out = migrate(src, "file:" + file, true);
        assertThat(out.status()).isEqualTo(MigrationStatus.COMPLETED);
        assertThat(out.stats().totalBytes()).isEqualTo(256L << 20); // main RAM only
        src.close();
        Machine dst = machine("shared.img", "64M", "128K", "");
        new IncomingMigration(dst).load(Files.newInputStream(file));
        assertThat(labels(dst).read(0, 6)).isEqualTo("shared".getBytes(StandardCharsets.UTF_8));
        Machine other = machine("other.img", "64M", "128K", "");
        assertThatThrownBy(() -> new IncomingMigration(other).load(Files.newInputStream(file)))
                .hasMessageStartingWith("x-ignore-shared: ramblock \"mem1\" is not backed by the same shared file");
    }

    @Test
    void aDestinationThatDiesMidStreamLeavesTheSourceRunningAndASecondMigrationSucceeds() throws Exception {
        Machine src = machine("src.img", "64M", "128K", "");
        labels(src).write(0, "still here".getBytes(StandardCharsets.UTF_8));
        MigrationUri.Listener dying = MigrationUri.parse("tcp:127.0.0.1:0").listen();
        CompletableFuture<Void> killer = CompletableFuture.runAsync(() -> {
            try (MigrationUri.Connection c = dying.accept()) {
                c.in().read(ByteBuffer.allocate(100_000)); // take a little, then vanish
            } catch (IOException ignored) {
                // the point is to die
            }
        });
        OutgoingMigration first = migrate(src, tcp(dying), false);
        killer.get(30, TimeUnit.SECONDS);
        assertThat(first.status()).isEqualTo(MigrationStatus.FAILED);
        assertThat(first.error()).isNotEmpty();
        assertThat(src.vcpu().isPaused()).isFalse();
        assertThat(labels(src).read(0, 10)).isEqualTo("still here".getBytes(StandardCharsets.UTF_8));

        Machine dst = machine("dst.img", "64M", "128K", "");
        assertThat(migrateOverTcp(src, new IncomingMigration(dst)).status()).isEqualTo(MigrationStatus.COMPLETED);
        assertThat(labels(dst).read(0, 10)).isEqualTo("still here".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void labelWritesDuringTheMigrationAllArrive() throws Exception {
        Machine src = machine("src.img", "64M", "128K", "");
        Machine dst = machine("dst.img", "64M", "128K", "");
        IncomingMigration in = new IncomingMigration(dst);
        MigrationUri.Listener l = MigrationUri.parse("tcp:127.0.0.1:0").listen();
        CompletableFuture<Void> loaded = listen(in, l);
        AtomicBoolean stop = new AtomicBoolean();
        List<Integer> written = new CopyOnWriteArrayList<>();
        Thread writer = new Thread(() -> {
            for (int i = 0; !stop.get() && i < (128 << 10) / 4; i++) {
                final int n = i;
                boolean ran = src.vcpu().run(() -> {
                    if (stop.get()) {
                        return false; // the migration completed while this write waited for the paused guest
                    }
                    labels(src).write(n * 4, ByteBuffer.allocate(4).putInt(n + 1).array());
                    return true;
                });
                if (ran) {
                    written.add(n);
                }
            }
        });
        OutgoingMigration out = new OutgoingMigration(src, MigrationUri.parse(tcp(l)), false, () -> new byte[0],
                () -> stop.set(true));
        writer.start();
        out.start();
        out.await();
        stop.set(true);
        src.vcpu().resume();
        writer.join();
        loaded.get(30, TimeUnit.SECONDS);
        assertThat(out.status()).isEqualTo(MigrationStatus.COMPLETED);
        assertThat(written).isNotEmpty();
        // every write that ran before the final pause is on the destination
        for (int n : written) {
            assertThat(ByteBuffer.wrap(labels(dst).read(n * 4, 4)).getInt()).as("word %d", n)
                    .isEqualTo(n + 1);
        }
    }

    /**
     * A page the guest writes once while the first pass is being sent, and never again, is left dirty when that
     * pass turns out to be the last before stop-and-copy: the final copy must send it. Deterministic: the write is
     * made while the first pass is under way (32 MiB of data at 16 MiB/s), and the test checks it was.
     */
    @Test
    void aPageWrittenOnceDuringTheLastPreCopyPassIsSentInTheStopAndCopy() throws Exception {
        Machine src = machine("src.img", "64M", "128K", "");
        Machine dst = machine("dst.img", "64M", "128K", "");
        byte[] data = new byte[32 << 20];
        new Random(7).nextBytes(data);
        src.memoryMap().write(src.nvdimms().get(0).addr(), data);
        IncomingMigration in = new IncomingMigration(dst);
        MigrationUri.Listener l = MigrationUri.parse("tcp:127.0.0.1:0").listen();
        CompletableFuture<Void> loaded = listen(in, l);
        OutgoingMigration out = new OutgoingMigration(src, MigrationUri.parse(tcp(l)), false, () -> new byte[0],
                () -> { }).withMaxBandwidth(16L << 20);
        out.start();
        OutgoingMigration.Stats during = out.stats();
        while (during.transferredBytes() < (1 << 20) && during.status() != MigrationStatus.COMPLETED) {
            Thread.sleep(1);
            during = out.stats();
        }
        // straight into the label area, not through the vCPU gate, which the sending pass may hold
        labels(src).write(64, "written once".getBytes(StandardCharsets.US_ASCII));
        OutgoingMigration.Stats after = out.stats();
        assertThat(during.dirtySyncCount()).as("the write was made during the first pass: %s", during).isEqualTo(1);
        assertThat(after.dirtySyncCount()).as("... and the first pass was still being sent after it: %s", after).isEqualTo(1);
        out.await();
        loaded.get(30, TimeUnit.SECONDS);
        assertThat(out.status()).isEqualTo(MigrationStatus.COMPLETED);
        assertThat(out.stats().dirtySyncCount()).as("one pre-copy pass, then the stop-and-copy").isEqualTo(2);
        assertThat(new String(labels(dst).read(64, 12), StandardCharsets.US_ASCII)).isEqualTo("written once");
    }

    @Test
    void zeroPagesOverwriteWhatTheDestinationFileHeldAndHolesStayHoles() throws Exception {
        Machine src = machine("src.img", "64M", "128K", "");
        src.memoryMap().write(src.nvdimms().get(0).addr() + (8 << 20), "only this".getBytes(StandardCharsets.UTF_8));
        Path dstFile = dir.resolve("dst.img");
        try (var f = new RandomAccessFile(dstFile.toFile(), "rw")) {
            f.setLength(64 << 20);
            f.seek(1 << 20);
            f.write(new byte[] {1, 2, 3}); // stale data where the source has a hole
        }
        Machine dst = machine("dst.img", "64M", "128K", "");
        assertThat(migrateOverTcp(src, new IncomingMigration(dst)).status()).isEqualTo(MigrationStatus.COMPLETED);
        assertThat(pmem(dst, (1 << 20) + 3)).endsWith(0, 0, 0);
        assertThat(dst.memoryMap().read(dst.nvdimms().get(0).addr() + (8 << 20), 9))
                .isEqualTo("only this".getBytes(StandardCharsets.UTF_8));
        // the destination's file stays sparse: untouched zero pages were not written
        Process stat = new ProcessBuilder("stat", "-c", "%b", dstFile.toString()).start();
        long allocated = Long.parseLong(new String(stat.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)
                .strip()) * 512;
        assertThat(allocated).isLessThan(1 << 20);
    }

    /** A progress bar that records what it is shown, and lets the guest act between two runs of pages. */
    private static final class Recorder implements Progress {
        final List<String> titles = new CopyOnWriteArrayList<>();
        final List<Long> totals = new CopyOnWriteArrayList<>();
        final List<Long> done = new CopyOnWriteArrayList<>();
        volatile Runnable between = () -> { };

        @Override
        public Task start(String what, long totalBytes) {
            titles.add(what);
            totals.add(totalBytes);
            return d -> {
                done.add(d);
                between.run();
            };
        }
    }

    private static long ramSize(Machine m) {
        return m.ramBlocks().stream().mapToLong(b -> b.memory().size()).sum();
    }

    /** Migrates {@code src} into {@code file}; {@code guest} runs between two runs of pages while the guest runs. */
    private OutgoingMigration migrateToFileWhile(Machine src, Path file, Recorder progress,
                                                 Consumer<OutgoingMigration> guest) throws Exception {
        AtomicReference<OutgoingMigration> self = new AtomicReference<>();
        progress.between = () -> {
            if (self.get().status() == MigrationStatus.ACTIVE) {
                guest.accept(self.get());
            }
        };
        OutgoingMigration out = new OutgoingMigration(src, MigrationUri.parse("file:" + file), false,
                () -> new byte[0], () -> { }).withProgress(progress);
        self.set(out);
        out.start();
        out.await();
        assertThat(out.status()).isEqualTo(MigrationStatus.COMPLETED);
        return out;
    }

    /** Page {@code n} of the test's pages in the NVDIMM: every other page from 8 MiB on. */
    private static long testPage(Machine m, int n) {
        return m.nvdimms().get(0).addr() + (8 << 20) + 2L * n * RamHeader.PAGE;
    }

    /**
     * The dirty-sync-count of a migration whose guest writes {@code pages} pages once, during the first pass;
     * checks that each arrives with what was written.
     */
    private int passesWhenTheFirstPassDirties(int pages) throws Exception {
        Machine src = machine("src" + pages + ".img", "64M", "128K", "");
        AtomicBoolean written = new AtomicBoolean();
        Path file = dir.resolve("vm" + pages + ".mig");
        OutgoingMigration out = migrateToFileWhile(src, file, new Recorder(), m -> {
            if (m.stats().dirtySyncCount() == 1 && written.compareAndSet(false, true)) {
                for (int n = 0; n < pages; n++) {
                    src.memoryMap().write(testPage(src, n), ByteBuffer.allocate(4).putInt(n + 1).array());
                }
            }
        });
        assertThat(written).isTrue();
        Machine dst = machine("dst" + pages + ".img", "64M", "128K", "");
        new IncomingMigration(dst).load(Files.newInputStream(file));
        for (int n = 0; n < pages; n++) {
            assertThat(ByteBuffer.wrap(dst.memoryMap().read(testPage(dst, n), 4)).getInt()).as("page %d", n)
                    .isEqualTo(n + 1);
        }
        return out.stats().dirtySyncCount();
    }

    @Test
    void aPassThatLeavesExactlyTheStopAndCopyThresholdDirtyIsTheLastAndOnePageMoreTakesAnotherPass()
            throws Exception {
        assertThat(passesWhenTheFirstPassDirties(OutgoingMigration.STOP_AND_COPY_PAGES))
                .as("the first pass, then the stop-and-copy").isEqualTo(2);
        assertThat(passesWhenTheFirstPassDirties(OutgoingMigration.STOP_AND_COPY_PAGES + 1))
                .as("a second pass for the dirtied pages, then the stop-and-copy").isEqualTo(3);
    }

    @Test
    void aGuestThatKeepsDirtyingMoreThanTheThresholdIsStoppedAfterTheLastPassAllowedAndLosesNothing()
            throws Exception {
        Machine src = machine("src.img", "64M", "128K", "");
        int pages = OutgoingMigration.STOP_AND_COPY_PAGES + 44;
        AtomicInteger round = new AtomicInteger();
        OutgoingMigration out = migrateToFileWhile(src, dir.resolve("vm.mig"), new Recorder(), m -> {
            int r = round.incrementAndGet();
            for (int n = 0; n < pages; n++) {
                src.memoryMap().write(testPage(src, n), ByteBuffer.allocate(8).putInt(n).putInt(r).array());
            }
        });
        assertThat(out.stats().dirtySyncCount()).as("every pass allowed, then the stop-and-copy")
                .isEqualTo(OutgoingMigration.MAX_PASSES + 1);
        Machine dst = machine("dst.img", "64M", "128K", "");
        new IncomingMigration(dst).load(Files.newInputStream(dir.resolve("vm.mig")));
        for (int n = 0; n < pages; n++) {
            assertThat(dst.memoryMap().read(testPage(dst, n), 8)).as("page %d", n)
                    .isEqualTo(src.memoryMap().read(testPage(src, n), 8));
        }
    }

    @Test
    void theProgressBarAndQueryMigratesRemainingFollowTheFirstPassToTheEnd() throws Exception {
        Machine src = machine("src.img", "64M", "128K", "");
        Path file = dir.resolve("vm.mig");
        Recorder progress = new Recorder();
        List<long[]> firstPass = new CopyOnWriteArrayList<>(); // {done, remaining} after each run of pages
        OutgoingMigration out = migrateToFileWhile(src, file, progress, m -> {
            if (m.stats().dirtySyncCount() == 1) {
                firstPass.add(new long[] {progress.done.get(progress.done.size() - 1), m.stats().remainingBytes()});
            }
        });
        long total = ramSize(src);
        assertThat(progress.titles).containsExactly("migration to file:" + file);
        assertThat(progress.totals).containsExactly(total);
        assertThat(progress.done).isSorted().last().isEqualTo(total);
        assertThat(firstPass).hasSize(progress.done.size());
        for (long[] at : firstPass) {
            assertThat(at[1]).as("remaining after %d of %d bytes", at[0], total).isEqualTo(total - at[0]);
        }
        assertThat(out.stats().remainingBytes()).isZero();
    }

    /** A destination on a unix socket that reads the stream's header, answers {@code answer} (if any) and hangs up. */
    private CompletableFuture<Void> hangingUp(Path sock, String answer) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(sock));
        return CompletableFuture.runAsync(() -> {
            try (server; SocketChannel c = server.accept()) {
                MigrationStream.readHeader(c);
                if (answer != null) {
                    ReturnPath.writeReturn(c, answer);
                }
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        });
    }

    /** A source with 24 MiB of data in its NVDIMM: more than a socket holds, so it is still sending when refused. */
    private Machine busySource() {
        Machine src = machine("src.img", "64M", "128K", "");
        byte[] data = new byte[24 << 20];
        new Random(3).nextBytes(data);
        src.memoryMap().write(src.nvdimms().get(0).addr(), data);
        return src;
    }

    @Test
    void theSourcePausesTheGuestOnlyOnceTheDestinationHasLoadedEveryPassAndCountsWhatItSentPaused() throws Exception {
        Machine src = machine("src.img", "64M", "128K", "");
        Path sock = dir.resolve("mig.sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(sock));
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicInteger afterLastSync = new AtomicInteger(); // bytes of the sections after the last SYNC
        CompletableFuture<Void> destination = CompletableFuture.runAsync(() -> {
            try (server; SocketChannel c = server.accept()) {
                MigrationStream.readHeader(c);
                ByteBuffer staging = Section.stagingBuffer();
                while (true) {
                    Section s = Section.read(c, staging);
                    afterLastSync.addAndGet(s.payload().remaining() + 9);
                    if (s.type() == Section.SYNC) {
                        seen.add("SYNC, source paused: " + src.vcpu().isPaused());
                        Thread.sleep(300); // a destination slow to load what it was sent
                        seen.add("SYNCED, source paused: " + src.vcpu().isPaused());
                        afterLastSync.set(0);
                        ReturnPath.writeSynced(c);
                    } else if (s.type() == Section.END) {
                        seen.add("END, source paused: " + src.vcpu().isPaused());
                        ReturnPath.writeReturn(c, null);
                        return;
                    }
                }
            } catch (IOException | InterruptedException e) {
                throw new CompletionException(e);
            }
        });
        OutgoingMigration out = migrate(src, "unix:" + sock, false);
        destination.get(30, TimeUnit.SECONDS);
        assertThat(out.status()).isEqualTo(MigrationStatus.COMPLETED);
        assertThat(seen).containsExactly("SYNC, source paused: false", "SYNCED, source paused: false",
                "END, source paused: true");
        assertThat(out.pausedBytes()).as("device state, guest state and END: nothing of the first pass")
                .isEqualTo(afterLastSync.get()).isLessThan(4096);
        assertThat(out.stats().downtimeMillis()).as("the destination's 300 ms on the SYNC were not paused time")
                .isLessThan(out.stats().totalTimeMillis() - 300);
    }

    @Test
    void aFileStreamHasNoSyncSections() throws Exception {
        Machine src = machine("src.img", "64M", "128K", "");
        migrate(src, "file:" + dir.resolve("vm.mig"), false);
        try (FileChannel f = FileChannel.open(dir.resolve("vm.mig"))) {
            MigrationStream.readHeader(f);
            ByteBuffer staging = Section.stagingBuffer();
            int type;
            do {
                type = Section.read(f, staging).type();
                assertThat(type).isNotEqualTo(Section.SYNC);
            } while (type != Section.END);
        }
    }

    @Test
    void aDestinationThatRefusesMidStreamAndHangsUpIsQuotedByTheSourceWhichKeepsRunning() throws Exception {
        Machine src = busySource();
        Path sock = dir.resolve("mig.sock");
        CompletableFuture<Void> destination = hangingUp(sock, "no room for ramblock \"mem1\"");
        OutgoingMigration out = migrate(src, "unix:" + sock, false);
        destination.get(30, TimeUnit.SECONDS);
        assertThat(out.status()).isEqualTo(MigrationStatus.FAILED);
        assertThat(out.error()).isEqualTo("the destination refused the migration: no room for ramblock \"mem1\"");
        assertThat(src.vcpu().isPaused()).isFalse();
    }

    @Test
    void aDestinationThatHangsUpWithoutAnAnswerLeavesTheSourcesOwnError() throws Exception {
        Machine src = busySource();
        Path sock = dir.resolve("mig.sock");
        CompletableFuture<Void> destination = hangingUp(sock, null);
        OutgoingMigration out = migrate(src, "unix:" + sock, false);
        destination.get(30, TimeUnit.SECONDS);
        assertThat(out.status()).isEqualTo(MigrationStatus.FAILED);
        assertThat(out.error()).isNotEmpty().doesNotStartWith("the destination refused");
        assertThat(src.vcpu().isPaused()).isFalse();
    }

    @Test
    void aDirtyFitBufferArrivesDirty() throws Exception {
        Machine src = machine("src.img", "64M", "128K", "");
        src.nvdimmAcpi().orElseThrow().fit().setDirty(true);
        Path file = dir.resolve("vm.mig");
        assertThat(migrate(src, "file:" + file, false).status()).isEqualTo(MigrationStatus.COMPLETED);
        Machine dst = machine("dst.img", "64M", "128K", "");
        dst.nvdimmAcpi().orElseThrow().fit().setDirty(false);
        new IncomingMigration(dst).load(Files.newInputStream(file));
        assertThat(dst.nvdimmAcpi().orElseThrow().fit().isDirty()).isTrue();
    }

    /** A pc-dimm on memory-backend-ram: a RAM block with a backend that is no file (no holes to look for). */
    private Machine ramDimmMachine() {
        Machine m = new MachineFactory(Progress.NONE).build(MachineConfig.parse(CommandLineTokenizer.split(MACHINE
                + "-object memory-backend-ram,id=ram1,size=64M -device pc-dimm,id=dimm1,memdev=ram1")));
        machines.add(m);
        return m;
    }

    @Test
    void aDimmOnAnonymousMemoryArrives() throws Exception {
        Machine src = ramDimmMachine();
        byte[] data = new byte[3 << 20];
        new Random(4).nextBytes(data);
        src.memoryMap().write(src.dimms().get(0).addr() + (1 << 20), data);
        Path file = dir.resolve("vm.mig");
        assertThat(migrate(src, "file:" + file, false).status()).isEqualTo(MigrationStatus.COMPLETED);
        Machine dst = ramDimmMachine();
        new IncomingMigration(dst).load(Files.newInputStream(file));
        assertThat(dst.memoryMap().read(dst.dimms().get(0).addr() + (1 << 20), data.length)).isEqualTo(data);
        assertThat(dst.memoryMap().read(dst.dimms().get(0).addr(), 1 << 20)).isEqualTo(new byte[1 << 20]);
    }

    @Test
    void writesAreNoLongerTrackedOnceTheMigrationEnded() throws Exception {
        Machine src = machine("src.img", "64M", "128K", "");
        assertThat(migrate(src, "file:" + dir.resolve("vm.mig"), false).status()).isEqualTo(MigrationStatus.COMPLETED);
        src.memoryMap().write(src.nvdimms().get(0).addr(), "after".getBytes(StandardCharsets.UTF_8));
        for (Machine.RamBlock b : src.ramBlocks()) {
            assertThat(b.memory().takeDirty().cardinality()).as(b.id()).isZero();
        }
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @Test
    void aSourceRetryingADestinationThatIsNotThereLeaksNoDescriptors() throws Exception {
        Machine src = machine("src.img", "64M", "128K", "");
        String nowhere = "unix:" + dir.resolve("nobody-listens.sock");
        assertThat(migrate(src, nowhere, false).status()).isEqualTo(MigrationStatus.FAILED);
        long before = openDescriptors();
        for (int i = 0; i < 40; i++) {
            OutgoingMigration out = migrate(src, nowhere, false);
            assertThat(out.status()).isEqualTo(MigrationStatus.FAILED);
            assertThat(out.error()).startsWith("Failed to connect to '" + dir.resolve("nobody-listens.sock") + "'");
        }
        assertThat(openDescriptors()).as("file descriptors after 40 failed attempts").isLessThan(before + 20);
        assertThat(src.vcpu().isPaused()).isFalse();
    }

    @Test
    void throughAnExecCommandIntoAnotherThatFeedsANewInstance() throws Exception {
        Machine src = machine("src.img", "64M", "128K", "");
        labels(src).write(0, "through a pipe".getBytes(StandardCharsets.UTF_8));
        Path file = dir.resolve("vm.mig");
        assertThat(migrate(src, "exec:cat > '" + file + "'", false).status()).isEqualTo(MigrationStatus.COMPLETED);
        assertThat(Files.size(file)).isPositive();

        Machine dst = machine("dst.img", "64M", "128K", "");
        IncomingMigration in = new IncomingMigration(dst);
        try (MigrationUri.Listener l = MigrationUri.parse("exec:cat '" + file + "'").listen()) {
            assertThat(l.address()).isNull();
            try (MigrationUri.Connection c = l.accept()) {
                assertThat(c.hasReturnPath()).isFalse();
                in.load(c);
            }
        }
        assertThat(in.status()).isEqualTo(MigrationStatus.COMPLETED);
        assertThat(labels(dst).read(0, 14)).isEqualTo("through a pipe".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(in.guestState(), StandardCharsets.UTF_8)).isEqualTo("guest");
    }

    @Test
    void anExecCommandThatFailsFailsTheMigrationAndTheSourceNeverCompletesAndKeepsRunning() throws Exception {
        Machine src = machine("src.img", "64M", "128K", "");
        AtomicBoolean completed = new AtomicBoolean();
        OutgoingMigration out = new OutgoingMigration(src, MigrationUri.parse("exec:cat > /dev/null; exit 3"), false,
                () -> new byte[0], () -> completed.set(true));
        out.start();
        out.await();
        assertThat(out.status()).isEqualTo(MigrationStatus.FAILED);
        assertThat(out.error()).isEqualTo("exec:cat > /dev/null; exit 3 exited with status 3");
        assertThat(completed).as("the source was told the destination has everything").isFalse();
        assertThat(src.vcpu().isPaused()).isFalse();
    }
}
