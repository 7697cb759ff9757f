package dev.vnvdimm.emulator.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vnvdimm.abi.migration.MigrationStream;
import dev.vnvdimm.abi.migration.RamHeader;
import dev.vnvdimm.abi.migration.Section;
import dev.vnvdimm.abi.qemu.CommandLineTokenizer;
import dev.vnvdimm.emulator.config.MachineConfig;
import dev.vnvdimm.emulator.hostmem.MappedMemory;
import dev.vnvdimm.emulator.hostmem.Progress;
import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.emulator.machine.MachineFactory;
import dev.vnvdimm.emulator.vmstate.Snapshottable;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Any bytes as an incoming migration stream, on a socket-like connection (with a return path), into one destination
 * machine kept for the whole run: a shared file-backed NVDIMM, a read-only one, and main RAM. The stream is loaded
 * whole or refused with a {@link MigrationException} that says why (no other exception), the return path carries
 * the same answer, and guest memory changes only as the stream's own well-formed RAM sections say:
 * <ul>
 * <li>a refusal of the header or the CONFIG section changes nothing at all (memory, backing file, device state);
 * <li>a later refusal leaves only pages that a checksummed RAM section of the stream carried, with its content (as
 *     QEMU, the destination loads RAM as it arrives, so a stream cut off midway leaves the pages before the cut);
 * <li>a loaded stream leaves exactly what its RAM sections say, in their order.
 * </ul>
 * After each execution the destination gets its content back. Seeds are real streams of the emulator's own
 * outgoing migration from a source with the same configuration and other content.
 *
 * <p>Input: byte 0 picks how the rest is sent. Even: as it is. Odd: with every section's CRC made right first, so
 * that mutations reach what lies behind the checksums (RAM headers, the CONFIG JSON, device state) instead of
 * ending at the first CRC check.
 */
class IncomingMigrationFuzzTest {
    private static final int PAGE = RamHeader.PAGE;
    private static final String FILE_BACKEND = "mem1";

    @TempDir
    static Path dir;

    private static Machine destination;
    /** Each RAM block's content as the destination holds it between executions. */
    private static final Map<String, byte[]> before = new LinkedHashMap<>();
    private static byte[] deviceStateBefore;

    private static String commandLine(Path files) {
        return "-machine pc,nvdimm=on -m 1M,slots=2,maxmem=1G"
                + " -object memory-backend-file,id=" + FILE_BACKEND + ",share=on,mem-path=" + files.resolve("nv.img")
                + ",size=512K -device nvdimm,id=nv1,memdev=" + FILE_BACKEND + ",label-size=128K"
                + " -object memory-backend-file,id=mem2,readonly=on,share=on,mem-path=" + files.resolve("ro.img")
                + ",size=512K -device nvdimm,id=nv2,memdev=mem2,unarmed=on,label-size=128K";
    }

    /**
     * The read-only NVDIMM's file: the same bytes on both sides, as a read-only image would be; a hole but for one
     * page, so that streams stay small enough to mutate quickly.
     */
    private static void readOnlyImage(Path files) throws IOException {
        byte[] page = new byte[PAGE];
        new Random(2).nextBytes(page);
        try (RandomAccessFile f = new RandomAccessFile(files.resolve("ro.img").toFile(), "rw")) {
            f.setLength(512 << 10);
            f.seek(0x10000);
            f.write(page);
        }
    }

    private static Machine build(Path files) {
        return new MachineFactory(Progress.NONE).build(MachineConfig.parse(CommandLineTokenizer.split(
                commandLine(files))));
    }

    /** The destination: every page populated with content of its own, so that any load shows. */
    private static Machine destination() throws IOException {
        if (destination == null) {
            readOnlyImage(dir);
            byte[] file = new byte[512 << 10];
            new Random(3).nextBytes(file);
            Files.write(dir.resolve("nv.img"), file);
            destination = build(dir);
            Random ram = new Random(4);
            for (Machine.RamBlock b : destination.ramBlocks()) {
                if (b.memory().isWritable() && b.backend().isEmpty()) {
                    byte[] content = new byte[(int) b.memory().size()];
                    ram.nextBytes(content);
                    b.memory().write(0, content);
                }
                before.put(b.id(), b.memory().read(0, (int) b.memory().size()));
            }
            deviceStateBefore = fitState().snapshot();
        }
        return destination;
    }

    private static Snapshottable fitState() {
        return destination.devicesWithState().get(0);
    }

    @AfterAll
    static void powerOff() {
        if (destination != null) {
            destination.close();
            destination = null;
            before.clear();
        }
    }

    /** Real streams (the source migrated to a file, with and without x-ignore-shared), sent either way. */
    static Stream<byte[]> sourceStreams() throws Exception {
        return realStreams().flatMap(s -> Stream.of(sendAs(AS_IS, s), sendAs(CHECKSUMS_MADE_RIGHT, s)));
    }

    private static final byte AS_IS = 0;
    private static final byte CHECKSUMS_MADE_RIGHT = 1;

    private static byte[] sendAs(byte mode, byte[] stream) {
        byte[] input = new byte[stream.length + 1];
        input[0] = mode;
        System.arraycopy(stream, 0, input, 1, stream.length);
        return input;
    }

    /** The bytes to send for a fuzz input: see the class comment. */
    private static byte[] stream(byte[] input) {
        if (input.length == 0) {
            return input;
        }
        byte[] stream = Arrays.copyOfRange(input, 1, input.length);
        if ((input[0] & 1) == 1 && stream.length >= MigrationStream.MACHINE_TYPE_OFFSET) {
            ByteBuffer b = ByteBuffer.wrap(stream);
            int at = MigrationStream.MACHINE_TYPE_OFFSET
                    + Short.toUnsignedInt(b.getShort(MigrationStream.MACHINE_TYPE_LENGTH_OFFSET));
            while (at + Section.HEADER <= stream.length) {
                int length = b.getInt(at + Section.LENGTH_OFFSET);
                long crcAt = (long) at + Section.HEADER + length;
                if (length < 0 || crcAt + Section.TRAILER > stream.length) {
                    break;
                }
                CRC32C crc = new CRC32C();
                crc.update(stream, at, Section.HEADER + length);
                b.putInt((int) crcAt, (int) crc.getValue());
                at = (int) crcAt + Section.TRAILER;
            }
        }
        return stream;
    }

    private static Stream<byte[]> realStreams() throws Exception {
        Path src = Files.createTempDirectory("vnvdimm-migration-seeds");
        try {
            readOnlyImage(src);
            List<byte[]> streams = new ArrayList<>();
            try (Machine source = build(src)) {
                Machine.RamBlock ram = source.ramBlocks().get(0);
                ram.memory().write(0x3000, "main RAM page".getBytes(StandardCharsets.UTF_8));
                source.nvdimms().get(0).labelArea().orElseThrow().write(0, "label data".getBytes(
                        StandardCharsets.UTF_8));
                source.memoryMap().write(source.nvdimms().get(0).addr() + 0x2000, "pmem".getBytes(
                        StandardCharsets.UTF_8));
                for (boolean ignoreShared : new boolean[] {false, true}) {
                    Path file = src.resolve("stream-" + ignoreShared);
                    OutgoingMigration out = new OutgoingMigration(source, MigrationUri.parse("file:" + file),
                            ignoreShared, () -> "guest".getBytes(StandardCharsets.UTF_8), () -> { });
                    out.start();
                    out.await();
                    assertThat(out.status()).as(out.error()).isEqualTo(MigrationStatus.COMPLETED);
                    streams.add(Files.readAllBytes(file));
                }
            }
            return streams.stream();
        } finally {
            try (Stream<Path> files = Files.list(src)) {
                files.forEach(p -> p.toFile().delete());
            }
            Files.delete(src);
        }
    }

    @MethodSource("sourceStreams")
    @FuzzTest
    void anyStreamIsLoadedAsItSaysOrRefusedWithAReason(byte[] input) throws IOException {
        Machine machine = destination();
        byte[] stream = stream(input);
        ByteArrayOutputStream answers = new ByteArrayOutputStream();
        ReadableByteChannel in = Channels.newChannel(new ByteArrayInputStream(stream));
        MigrationUri.Connection connection = new MigrationUri.Connection(in, Channels.newChannel(answers), () -> { });
        IncomingMigration incoming = new IncomingMigration(machine);
        MigrationException refusal = null;
        try {
            incoming.load(connection);
        } catch (MigrationException e) {
            refusal = e;
        }

        String answer = answers.toString(StandardCharsets.UTF_8);
        Map<String, byte[]> after = new LinkedHashMap<>();
        before.keySet().forEach(id -> after.put(id, block(id)));
        if (refusal == null) {
            assertThat(incoming.status()).isEqualTo(MigrationStatus.COMPLETED);
            assertThat(answer).endsWith("OK\n");
            for (Map.Entry<String, byte[]> e : new Model(stream, before).loaded().entrySet()) {
                assertThat(after.get(e.getKey())).as("block %s of a loaded stream", e.getKey())
                        .isEqualTo(e.getValue());
            }
        } else {
            assertThat(refusal.getMessage()).as("the reason").isNotBlank();
            assertThat(incoming.status()).isEqualTo(MigrationStatus.FAILED);
            assertThat(incoming.error()).isEqualTo(refusal.getMessage());
            assertThat(answer).endsWith("ERR " + refusal.getMessage().replace('\n', ' ') + "\n");
            boolean refusedUpFront = incoming.receivedBytes() == 0;
            Model model = null;
            for (Map.Entry<String, byte[]> e : before.entrySet()) {
                byte[] now = after.get(e.getKey());
                if (Arrays.equals(now, e.getValue())) {
                    continue;
                }
                assertThat(refusedUpFront).as("block %s changed by a stream refused before any section after its "
                        + "CONFIG: \"%s\"", e.getKey(), refusal.getMessage()).isFalse();
                model = model != null ? model : new Model(stream, before);
                model.checkOnlyCarriedPagesChanged(e.getKey(), e.getValue(), now, refusal.getMessage());
            }
            if (refusedUpFront) {
                assertThat(fitState().snapshot()).as("device state").isEqualTo(deviceStateBefore);
            }
        }
        assertThat(Files.readAllBytes(dir.resolve("nv.img"))).as("the backing file holds what the guest sees")
                .isEqualTo(after.get(FILE_BACKEND));
        restore(after);
    }

    /** The seeds are what they should be: the plain stream loads here and changes pages, the other is refused. */
    @Test
    void theRealStreamsLoadHereOrAreRefusedForTheirSharedFile() throws Exception {
        List<byte[]> streams = realStreams().toList();
        Machine machine = destination();
        IncomingMigration plain = new IncomingMigration(machine);
        plain.load(new ByteArrayInputStream(streams.get(0)));
        assertThat(plain.status()).isEqualTo(MigrationStatus.COMPLETED);
        assertThat(block("pc.ram")).isNotEqualTo(before.get("pc.ram"));
        assertThat(block(FILE_BACKEND)).isNotEqualTo(before.get(FILE_BACKEND));
        restore();
        assertThatThrownBy(() -> new IncomingMigration(machine).load(new ByteArrayInputStream(streams.get(1))))
                .hasMessageStartingWith("x-ignore-shared: ramblock \"" + FILE_BACKEND + "\" is not backed by the same "
                        + "shared file here");
        assertThat(block(FILE_BACKEND)).isEqualTo(before.get(FILE_BACKEND));
    }

    private static byte[] block(String id) {
        MappedMemory m = ramBlock(id);
        return m.read(0, (int) m.size());
    }

    private static MappedMemory ramBlock(String id) {
        return destination.ramBlocks().stream().filter(b -> b.id().equals(id)).findFirst().orElseThrow().memory();
    }

    /** Puts back every page a load changed ({@code now}: each block as the load left it), and the device state. */
    private static void restore(Map<String, byte[]> now) {
        for (Map.Entry<String, byte[]> e : before.entrySet()) {
            byte[] was = e.getValue();
            byte[] is = now.get(e.getKey());
            for (int at = Arrays.mismatch(is, was); at >= 0 && at < is.length; ) {
                int page = at - at % PAGE;
                ramBlock(e.getKey()).write(page, Arrays.copyOfRange(was, page, page + PAGE));
                int next = Arrays.mismatch(is, page + PAGE, is.length, was, page + PAGE, was.length);
                at = next < 0 ? -1 : page + PAGE + next;
            }
        }
        fitState().restore(deviceStateBefore);
    }

    private static void restore() {
        Map<String, byte[]> now = new LinkedHashMap<>();
        before.keySet().forEach(id -> now.put(id, block(id)));
        restore(now);
    }

    /**
     * What the stream's well-formed RAM sections carry, read with the stream's layout (guest-abi), not with the
     * loader: every page content each checksummed section inside a block of this machine gives, in stream order,
     * up to the first section that does not frame (or END).
     */
    private static final class Model {
        private static final ByteBuffer STAGING = ByteBuffer.allocate(Section.MAX_PAYLOAD);
        /** Per block and page: the contents the stream's sections give it, in order. */
        private final Map<String, Map<Integer, List<ByteBuffer>>> carried = new HashMap<>();
        private final Map<String, byte[]> blocksBefore;

        Model(byte[] stream, Map<String, byte[]> blocksBefore) {
            this.blocksBefore = blocksBefore;
            ReadableByteChannel in = Channels.newChannel(new ByteArrayInputStream(stream));
            try {
                MigrationStream.readHeader(in);
                while (true) {
                    Section s = Section.read(in, STAGING);
                    if (s.type() == Section.END) {
                        return;
                    }
                    if (s.type() == Section.RAM) {
                        ram(ByteBuffer.wrap(s.bytes()));
                    }
                }
            } catch (IOException e) {
                // the stream frames no further: nothing after this point can have been loaded
            }
        }

        private void ram(ByteBuffer payload) {
            RamHeader h;
            try {
                h = RamHeader.read(payload);
            } catch (BufferUnderflowException e) {
                return;
            }
            byte[] block = blocksBefore.get(h.blockId());
            long pages = block == null ? 0 : block.length / PAGE;
            if (block == null || h.offset() < 0 || h.offset() % PAGE != 0 || h.pageCount() < 1
                    || h.offset() / PAGE + h.pageCount() > pages) {
                return;
            }
            int first = (int) (h.offset() / PAGE);
            if (h.kind() == RamHeader.PAGES_ZERO) {
                for (int p = first; p < first + h.pageCount(); p++) {
                    give(h.blockId(), p, ByteBuffer.allocate(PAGE));
                }
            } else if (h.kind() == RamHeader.PAGES_DATA && payload.remaining() >= (long) h.pageCount() * PAGE) {
                for (int p = 0; p < h.pageCount(); p++) {
                    give(h.blockId(), first + p, payload.slice(payload.position() + p * PAGE, PAGE));
                }
            }
        }

        private void give(String block, int page, ByteBuffer content) {
            carried.computeIfAbsent(block, b -> new HashMap<>()).computeIfAbsent(page, p -> new ArrayList<>())
                    .add(content);
        }

        /** Every block as a whole stream leaves it: each page's last content in the stream, else as before. */
        Map<String, byte[]> loaded() {
            Map<String, byte[]> out = new LinkedHashMap<>();
            for (Map.Entry<String, byte[]> e : blocksBefore.entrySet()) {
                byte[] b = e.getValue().clone();
                carried.getOrDefault(e.getKey(), Map.of()).forEach((page, contents) ->
                        contents.get(contents.size() - 1).duplicate().get(b, page * PAGE, PAGE));
                out.put(e.getKey(), b);
            }
            return out;
        }

        void checkOnlyCarriedPagesChanged(String block, byte[] was, byte[] now, String refusal) {
            for (int page = 0; page < was.length / PAGE; page++) {
                int at = page * PAGE;
                if (Arrays.mismatch(was, at, at + PAGE, now, at, at + PAGE) < 0) {
                    continue;
                }
                ByteBuffer content = ByteBuffer.wrap(now, at, PAGE).slice();
                List<ByteBuffer> given = carried.getOrDefault(block, Map.of()).getOrDefault(page, List.of());
                assertThat(given).as("page 0x%x of block %s changed by a stream refused with \"%s\": the contents "
                        + "the stream's RAM sections carry for it", at, block, refusal).contains(content);
            }
        }
    }
}
