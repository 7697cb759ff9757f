package dev.vnvdimm.emulator.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vnvdimm.abi.migration.ChannelIo;
import dev.vnvdimm.abi.migration.DeviceStateSection;
import dev.vnvdimm.abi.migration.MigrationStream;
import dev.vnvdimm.abi.migration.RamHeader;
import dev.vnvdimm.abi.migration.Section;
import dev.vnvdimm.abi.qemu.CommandLineTokenizer;
import dev.vnvdimm.emulator.config.MachineConfig;
import dev.vnvdimm.emulator.dsm.FitBuffer;
import dev.vnvdimm.emulator.hostmem.MappedMemory;
import dev.vnvdimm.emulator.hostmem.MemoryBackendFile;
import dev.vnvdimm.emulator.hostmem.Progress;
import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.emulator.machine.MachineFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The destination loading streams written section by section with {@link MigrationStream}, so each rule of
 * the loader is met by exactly the stream that tests it: what is refused, with which words, and that a
 * refused stream writes nothing.
 */
class IncomingMigrationTest {
    private static final int PAGE = RamHeader.PAGE;

    @TempDir
    Path dir;

    private Machine machine;

    @BeforeEach
    void powerOn() {
        machine = machine("dst.img", "");
    }

    @AfterEach
    void powerOff() {
        machine.close();
    }

    private Machine machine(String file, String backendOptions) {
        return new MachineFactory(Progress.NONE).build(MachineConfig.parse(CommandLineTokenizer.split(
                "-machine pc,nvdimm=on -m 256M,slots=4,maxmem=4G -object memory-backend-file,id=mem1,share=on,"
                        + "mem-path=" + dir.resolve(file) + ",size=64M" + backendOptions
                        + " -device nvdimm,id=nv1,memdev=mem1,label-size=128K")));
    }

    /** A stream for this machine: header, its own CONFIG, then {@code sections}, with no END unless given. */
    private final class Stream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final WritableByteChannel out = Channels.newChannel(bytes);

        Stream(String machineType) throws IOException {
            MigrationStream.writeHeader(out, machineType);
        }

        Stream() throws IOException {
            this("pc");
            section(Section.CONFIG, MachineDescription.of(machine).toJson());
        }

        Stream section(int type, byte[] payload) throws IOException {
            Section.write(out, type, payload);
            return this;
        }

        Stream pages(String block, long offset, int count, int kind, byte[] data) throws IOException {
            Section.write(out, Section.RAM,
                    new RamHeader(block, offset, count, kind).encode(), ByteBuffer.wrap(data));
            return this;
        }

        Stream end() throws IOException {
            return section(Section.END, new byte[0]);
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }

        IncomingMigration load() throws MigrationException {
            return load(new IncomingMigration(machine));
        }

        IncomingMigration load(IncomingMigration in) throws MigrationException {
            in.load(new ByteArrayInputStream(bytes.toByteArray()));
            return in;
        }

        /** Loads the stream, expects it refused with {@code message}, and checks nothing was written. */
        void refused(String message) throws IOException {
            byte[] before = Files.readAllBytes(dir.resolve("dst.img"));
            IncomingMigration in = new IncomingMigration(machine);
            assertThatThrownBy(() -> in.load(new ByteArrayInputStream(bytes.toByteArray()))).hasMessage(message);
            assertThat(in.status()).isEqualTo(MigrationStatus.FAILED);
            assertThat(in.error()).isEqualTo(message);
            assertThat(Files.readAllBytes(dir.resolve("dst.img"))).isEqualTo(before);
        }
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private MappedMemory mem1Memory() {
        return machine.ramBlocks().stream().filter(b -> b.id().equals("mem1")).findFirst().orElseThrow().memory();
    }

    private byte[] mem1(long offset, int length) {
        return mem1Memory().read(offset, length);
    }

    @Test
    void dataAndZeroPagesLandAtTheirOffsetsAndEndCompletes() throws Exception {
        machine.memoryMap().write(machine.nvdimms().get(0).addr() + 3 * PAGE, filled(PAGE, 0x77));
        IncomingMigration in = new Stream()
                .pages("mem1", PAGE, 2, RamHeader.PAGES_DATA, filled(2 * PAGE, 0x11))
                .pages("mem1", 3 * PAGE, 1, RamHeader.PAGES_ZERO, new byte[0])
                .section(Section.GUEST_STATE, "guest".getBytes(StandardCharsets.UTF_8))
                .end().load();
        assertThat(in.status()).isEqualTo(MigrationStatus.COMPLETED);
        assertThat(mem1(0, PAGE)).isEqualTo(new byte[PAGE]);
        assertThat(mem1(PAGE, 2 * PAGE)).isEqualTo(filled(2 * PAGE, 0x11));
        assertThat(mem1(3 * PAGE, PAGE)).as("a zero page clears what was there").isEqualTo(new byte[PAGE]);
        assertThat(in.guestState()).isEqualTo("guest".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void countsEverySectionWithItsHeaderAndCrc() throws Exception {
        byte[] state = "state".getBytes(StandardCharsets.UTF_8);
        IncomingMigration in = new Stream().section(Section.GUEST_STATE, state).end().load();
        assertThat(in.receivedBytes()).isEqualTo(
                2L * (Section.HEADER + Section.TRAILER) + state.length);
    }

    @Test
    void theDeviceStateSetsTheFitDirtyFlagEitherWay() throws Exception {
        machine.nvdimmAcpi().orElseThrow().fit().setDirty(true);
        new Stream().section(Section.DEVICE_STATE, deviceState(FitBuffer.ID, 0)).end().load();
        assertThat(machine.nvdimmAcpi().orElseThrow().fit().isDirty()).isFalse();
        new Stream().section(Section.DEVICE_STATE, deviceState(FitBuffer.ID, 1)).end().load();
        assertThat(machine.nvdimmAcpi().orElseThrow().fit().isDirty()).isTrue();
    }

    @Test
    void theStateOfADeviceThisMachineDoesNotHaveOrStateItCannotHaveIsRefused() throws Exception {
        new Stream().section(Section.DEVICE_STATE, deviceState("nvdimm9", 0))
                .refused("the source sends the state of device 'nvdimm9', which this machine does not have");
        new Stream().section(Section.DEVICE_STATE, deviceState(FitBuffer.ID, 2, 0))
                .refused("corrupt migration stream: device 'nvdimm-fit-buffer': the FIT buffer's state is one byte, 0 "
                        + "or 1 (got 2 bytes)");
        new Stream().section(Section.DEVICE_STATE, new byte[] {0})
                .refused("corrupt migration stream: a DEVICE_STATE section is shorter than its header");
    }

    private static byte[] deviceState(String id, int... state) {
        ByteBuffer b = ByteBuffer.allocate(state.length);
        for (int x : state) {
            b.put((byte) x);
        }
        return new DeviceStateSection(id, b.flip()).encode();
    }

    @Test
    void anotherMachineTypeIsRefusedFromTheHeader() throws Exception {
        new Stream("q35").refused("machine type mismatch: the source is q35, this machine is pc");
    }

    @Test
    void aStreamMustStartWithItsConfig() throws Exception {
        new Stream("pc").section(Section.END, new byte[0])
                .refused("corrupt migration stream: it does not start with its CONFIG section");
    }

    @Test
    void anUnknownSectionTypeIsCorrupt() throws Exception {
        new Stream().section(9, new byte[1]).refused("corrupt migration stream: unknown section type 9");
    }

    @Test
    void pagesOfAnUnknownBlockAreRefused() throws Exception {
        new Stream().pages("mem2", 0, 1, RamHeader.PAGES_DATA, new byte[PAGE])
                .refused("Unknown ramblock \"mem2\", cannot accept migration");
    }

    /**
     * Found by IncomingMigrationFuzzTest: a kind other than data (0) or zero (1) used to load as data when the
     * section held enough bytes (and fail with an IllegalArgumentException when it did not).
     */
    @Test
    void pagesOfAnUnknownKindAreCorruptAndWriteNothing() throws Exception {
        new Stream().pages("mem1", 0, 1, 86, filled(PAGE, 0x33))
                .refused("corrupt migration stream: RAM pages of unknown kind 86 for ramblock \"mem1\"");
        new Stream().pages("mem1", 0, 2, 7, new byte[0])
                .refused("corrupt migration stream: RAM pages of unknown kind 7 for ramblock \"mem1\"");
    }

    @Test
    void pagesOutsideTheBlockOrShorterThanTheirCountAreCorrupt() throws Exception {
        long size = 64L << 20;
        new Stream().pages("mem1", size + PAGE, 1, RamHeader.PAGES_DATA, new byte[PAGE])
                .refused(String.format("corrupt migration stream: pages at 0x%x outside ramblock \"mem1\"",
                        size + PAGE));
        new Stream().pages("mem1", -(long) PAGE, 1, RamHeader.PAGES_ZERO, new byte[0])
                .refused(String.format("corrupt migration stream: pages at 0x%x outside ramblock \"mem1\"",
                        -(long) PAGE));
        new Stream().pages("mem1", 0, -1, RamHeader.PAGES_ZERO, new byte[0])
                .refused("corrupt migration stream: pages at 0x0 outside ramblock \"mem1\"");
        new Stream().pages("mem1", PAGE, 2, RamHeader.PAGES_DATA, filled(2 * PAGE - 1, 0x11))
                .refused(String.format("corrupt migration stream: pages at 0x%x outside ramblock \"mem1\"", PAGE));
    }

    @Test
    void theLastPageOfABlockLoadsAndNothingBeyondIt() throws Exception {
        long last = (64L << 20) - PAGE;
        IncomingMigration in = new Stream()
                .pages("mem1", last, 1, RamHeader.PAGES_DATA, filled(PAGE, 0x22)).end().load();
        assertThat(in.status()).isEqualTo(MigrationStatus.COMPLETED);
        assertThat(mem1(last, PAGE)).isEqualTo(filled(PAGE, 0x22));
    }

    private static String outside(long offset) {
        return String.format("corrupt migration stream: pages at 0x%x outside ramblock \"mem1\"", offset);
    }

    /** As QEMU refuses a page at or past a block's end ("Illegal RAM offset"), whatever it would carry. */
    @Test
    void pagesReachingPastTheBlocksEndOrOffAPageBoundaryOrNoPagesAtAllAreCorrupt() throws Exception {
        long size = 64L << 20;
        new Stream().pages("mem1", size, 1, RamHeader.PAGES_ZERO, new byte[0]).refused(outside(size));
        new Stream().pages("mem1", size - PAGE, 2, RamHeader.PAGES_DATA, filled(2 * PAGE, 0x22))
                .refused(outside(size - PAGE));
        new Stream().pages("mem1", size - PAGE, 2, RamHeader.PAGES_ZERO, new byte[0])
                .refused(outside(size - PAGE));
        new Stream().pages("mem1", PAGE + 8, 1, RamHeader.PAGES_DATA, filled(PAGE, 0x22))
                .refused(outside(PAGE + 8));
        new Stream().pages("mem1", PAGE, 0, RamHeader.PAGES_DATA, new byte[0]).refused(outside(PAGE));
    }

    @Test
    void aZeroPageAtTheLastOffsetOfTheBlockClearsWhatWasThere() throws Exception {
        long last = (64L << 20) - PAGE;
        mem1Memory().write(last, filled(PAGE, 0x55));
        IncomingMigration in = new Stream().pages("mem1", last, 1, RamHeader.PAGES_ZERO, new byte[0]).end().load();
        assertThat(in.status()).isEqualTo(MigrationStatus.COMPLETED);
        assertThat(mem1(last, PAGE)).isEqualTo(new byte[PAGE]);
    }

    /** A page the guest wrote during one pass and zeroed before the next arrives as data, then as a zero page. */
    @Test
    void aPageThatArrivesWithDataAndThenAsAZeroPageEndsZeroWhereTheFileHadAHole() throws Exception {
        var file = (MemoryBackendFile) machine.ramBlocks().stream()
                .filter(b -> b.id().equals("mem1")).findFirst().orElseThrow().backend().orElseThrow();
        assertThat(file.holePages(PAGE).get(5)).as("page 5 of the destination's file is a hole").isTrue();
        IncomingMigration in = new Stream()
                .pages("mem1", 5 * PAGE, 1, RamHeader.PAGES_DATA, filled(PAGE, 0x11))
                .pages("mem1", 5 * PAGE, 1, RamHeader.PAGES_ZERO, new byte[0]).end().load();
        assertThat(in.status()).isEqualTo(MigrationStatus.COMPLETED);
        assertThat(mem1(5 * PAGE, PAGE)).isEqualTo(new byte[PAGE]);
    }

    @Test
    void theProgressBarShowsTheGuestMemoryLoadedOutOfAllOfIt() throws Exception {
        List<String> titles = new ArrayList<>();
        List<Long> totals = new ArrayList<>();
        List<Long> done = new ArrayList<>();
        Progress progress = (what, total) -> {
            titles.add(what);
            totals.add(total);
            return done::add;
        };
        new Stream().pages("mem1", PAGE, 2, RamHeader.PAGES_DATA, filled(2 * PAGE, 0x11))
                .pages("mem1", 8 * PAGE, 3, RamHeader.PAGES_ZERO, new byte[0]).end()
                .load(new IncomingMigration(machine).withProgress(progress));
        assertThat(titles).containsExactly("incoming migration");
        assertThat(totals).containsExactly((256L << 20) + (64L << 20));
        assertThat(done).containsExactly(2L * PAGE, 5L * PAGE);
    }

    @Test
    void aConnectionLostMidStreamIsReportedWithItsCause() throws Exception {
        ByteBuffer delivered = ByteBuffer.wrap(new Stream().bytes());
        ReadableByteChannel reset = new ReadableByteChannel() {
            @Override
            public int read(ByteBuffer dst) throws IOException {
                if (!delivered.hasRemaining()) {
                    throw new IOException("Connection reset by peer");
                }
                int n = Math.min(dst.remaining(), delivered.remaining());
                dst.put(delivered.slice().limit(n));
                delivered.position(delivered.position() + n);
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
        IncomingMigration in = new IncomingMigration(machine);
        assertThatThrownBy(() -> in.load(reset)).isInstanceOf(MigrationException.class)
                .hasMessage("migration stream broke off: Connection reset by peer");
        assertThat(in.status()).isEqualTo(MigrationStatus.FAILED);
        assertThat(in.error()).isEqualTo("migration stream broke off: Connection reset by peer");
    }

    /**
     * A destination that refuses reads what the source still sends before it hangs up: closing a TCP socket
     * with unread data resets the connection, which the source would see instead of the end of the answer.
     */
    @Test
    void aRefusingDestinationReadsTheRestOfTheStreamSoTheSourceSeesItsAnswerAndACleanEnd() throws Exception {
        try (MigrationUri.Listener l = MigrationUri.parse("tcp:127.0.0.1:0").listen()) {
            CompletableFuture<String> refused = CompletableFuture.supplyAsync(() -> {
                try (MigrationUri.Connection c = l.accept()) {
                    new IncomingMigration(machine).load(c);
                    return "loaded";
                } catch (IOException e) {
                    return e.getMessage();
                }
            });
            try (SocketChannel source = SocketChannel.open(l.address())) {
                MigrationStream.writeHeader(source, "q35");
                // what the source sent on: more than one read takes, so all of it must be read
                ChannelIo.writeFully(source, ByteBuffer.wrap(filled(1 << 20, 0x5a)));
                source.shutdownOutput();
                ByteArrayOutputStream answer = new ByteArrayOutputStream();
                ByteBuffer b = ByteBuffer.allocate(256);
                while (source.read(b.clear()) >= 0) {
                    answer.write(b.array(), 0, b.position());
                }
                assertThat(answer.toString(StandardCharsets.UTF_8))
                        .isEqualTo("ERR machine type mismatch: the source is q35, this machine is pc\n");
            }
            assertThat(refused.get(30, TimeUnit.SECONDS))
                    .isEqualTo("machine type mismatch: the source is q35, this machine is pc");
        }
    }

    /** Dirty pages of this process's mappings of {@code file}, in kB, from /proc/self/smaps. */
    private static long dirtyKb(Path file) throws IOException {
        long kb = 0;
        boolean inFile = false;
        for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
            if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
                inFile = line.endsWith(" " + file);
            } else if (inFile && (line.startsWith("Shared_Dirty:") || line.startsWith("Private_Dirty:"))) {
                kb += Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return kb;
    }

    /** As QEMU does after loading (ram_load_cleanup): what loaded into a shared file goes to the file. */
    @Test
    void writeBackWritesWhatLoadedIntoTheSharedFileToTheFile() throws Exception {
        Path file = dir.resolve("dst.img");
        Assumptions.assumeFalse(Files.getFileStore(file).type().equals("tmpfs"),
                "tmpfs has no storage to write back to");
        // the kernel's own writeback may clean the pages between the load and the look (seen once under CI's
        // load): load again, with other bytes, until the look finds them dirty
        IncomingMigration in = null;
        for (int attempt = 0; attempt < 5 && (in == null || dirtyKb(file) == 0); attempt++) {
            in = new Stream().pages("mem1", 0, RamHeader.MAX_PAGES_PER_SECTION, RamHeader.PAGES_DATA,
                    filled(RamHeader.MAX_PAGES_PER_SECTION * PAGE, 0x11 + attempt)).end().load();
        }
        assertThat(dirtyKb(file)).as("loaded pages not yet written to the file").isPositive();
        byte[] loaded = mem1(0, PAGE);
        in.writeBack();
        assertThat(dirtyKb(file)).isZero();
        assertThat(mem1(0, PAGE)).isEqualTo(loaded);
        assertThat(loaded[0]).isBetween((byte) 0x11, (byte) 0x15);
    }

    @Test
    void aRamSectionShorterThanItsHeaderIsCorrupt() throws Exception {
        ByteBuffer head = new RamHeader("mem1", 0, 1, RamHeader.PAGES_ZERO).encode();
        byte[] cut = Arrays.copyOf(head.array(), head.limit() - 1);
        new Stream().section(Section.RAM, cut)
                .refused("corrupt migration stream: a RAM section is shorter than its header");
    }

    @Test
    void aReadOnlyBlockTakesOnlyThePagesItHolds() throws Exception {
        machine.close();
        Path rom = dir.resolve("rom.img");
        byte[] content = new byte[64 << 20];
        Arrays.fill(content, PAGE, 2 * PAGE, (byte) 0x33);
        Files.write(rom, content);
        machine = new MachineFactory(Progress.NONE).build(MachineConfig.parse(CommandLineTokenizer.split(
                "-machine pc,nvdimm=on -m 256M,slots=4,maxmem=4G -object memory-backend-file,id=mem1,readonly=on,"
                        + "mem-path=" + rom + ",size=64M -device nvdimm,id=nv1,memdev=mem1,unarmed=on,label-size=128K")));
        String differs = "ramblock \"mem1\" is read-only here and its content differs from the source's";

        IncomingMigration same = new Stream()
                .pages("mem1", PAGE, 1, RamHeader.PAGES_DATA, filled(PAGE, 0x33))
                .pages("mem1", 0, 1, RamHeader.PAGES_ZERO, new byte[0]).end().load();
        assertThat(same.status()).isEqualTo(MigrationStatus.COMPLETED);
        assertThatThrownBy(() -> new Stream().pages("mem1", PAGE, 1, RamHeader.PAGES_DATA, filled(PAGE, 0x34))
                .end().load()).hasMessage(differs);
        assertThatThrownBy(() -> new Stream().pages("mem1", PAGE, 1, RamHeader.PAGES_ZERO, new byte[0])
                .end().load()).hasMessage(differs);
        assertThat(Files.readAllBytes(rom)).isEqualTo(content);
    }
}
