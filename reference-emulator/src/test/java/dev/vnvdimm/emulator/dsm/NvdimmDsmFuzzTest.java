package dev.vnvdimm.emulator.dsm;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vnvdimm.abi.dsm.DsmNotifyPort;
import dev.vnvdimm.abi.dsm.DsmPage;
import dev.vnvdimm.abi.qemu.CommandLineTokenizer;
import dev.vnvdimm.emulator.config.MachineConfig;
import dev.vnvdimm.emulator.hostmem.Progress;
import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.emulator.machine.MachineFactory;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Any 4 KiB DSM page, as a guest kernel could leave it, through the handler of real machines built from QEMU command
 * lines with 0 to 4 NVDIMMs (with and without labels, read-only, a pc-dimm in a slot). Each reply must be
 * well-formed, equal to what an independent model of QEMU's checks (spec notes §1.5, §1.8, §1.9) answers, leave the
 * rest of the page as the guest wrote it, and each backing file must hold exactly what the model says: the requested
 * label range changed by a successful Set Label Data, nothing anywhere else, nothing at all on a refusal.
 *
 * <p>Input: byte 0 picks the machine (low bits) and whether the page is where the firmware puts it or at any
 * address (high bit: then bytes 1-4 are the 32-bit address a guest writes to the port, anywhere, in RAM or not);
 * the rest is the page (bytes it does not reach keep a filler pattern). A page that RAM does not hold entirely runs
 * nothing. The machines are built once per run and kept, the model's copy of every file alongside.
 */
class NvdimmDsmFuzzTest {
    /** Guest-physical address of the DSM page: in RAM, as the firmware would put it. */
    private static final long PAGE = 0x100000;
    private static final byte FILLER = (byte) 0xA5;
    private static final int MAX_XFER = 4076; // spec notes §1.7, QEMU 7.2 answered 0xFEC
    private static final int MAX_FIT_CHUNK = 4088;

    /** One NVDIMM of a machine: slot, backing file size, label size (0: none), read-only backend. */
    private record Dimm(int slot, int fileSize, int labelSize, boolean readOnly) {
    }

    /** The machines: their NVDIMMs, and whether slot 0 holds a pc-dimm (a handle with no NVDIMM behind it). */
    private record Config(List<Dimm> dimms, boolean pcDimmInSlot0) {
    }

    private static final List<Config> CONFIGS = List.of(
            new Config(List.of(), false),
            new Config(List.of(new Dimm(0, 512 << 10, 128 << 10, false)), false),
            new Config(List.of(new Dimm(1, 512 << 10, 0, false), new Dimm(3, 512 << 10, 128 << 10, false)), true),
            new Config(List.of(new Dimm(0, 512 << 10, 128 << 10, false), new Dimm(1, 512 << 10, 0, false),
                    new Dimm(2, 512 << 10, 128 << 10, true), new Dimm(3, 768 << 10, 256 << 10, false)), false));

    @TempDir
    static Path dir;

    private static final Map<Integer, Running> MACHINES = new HashMap<>();

    /** A machine and the model's view of it: its files' bytes and whether the FIT changed since read at 0. */
    private static final class Running {
        final Machine machine;
        final Config config;
        final List<Path> files = new ArrayList<>();
        final List<byte[]> model = new ArrayList<>();
        final byte[] fit;
        boolean fitDirty = true; // cold-plugged NVDIMMs leave it dirty (spec notes §1.13)

        Running(int index) throws IOException {
            config = CONFIGS.get(index);
            StringBuilder cmd = new StringBuilder("-machine pc,nvdimm=on -m 16M,slots=4,maxmem=1G");
            Random content = new Random(index);
            for (int i = 0; i < config.dimms().size(); i++) {
                Dimm d = config.dimms().get(i);
                Path file = dir.resolve("c" + index + "-nv" + i + ".img");
                byte[] bytes = new byte[d.fileSize()];
                content.nextBytes(bytes); // so that a stray write or a wrong read shows
                try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                    f.write(bytes);
                }
                files.add(file);
                model.add(bytes);
                cmd.append(" -object memory-backend-file,id=m").append(i).append(",mem-path=").append(file)
                        .append(",size=").append(d.fileSize()).append(d.readOnly() ? ",readonly=on" : ",share=on")
                        .append(" -device nvdimm,id=nv").append(i).append(",memdev=m").append(i).append(",slot=")
                        .append(d.slot()).append(d.labelSize() == 0 ? "" : ",label-size=" + d.labelSize())
                        .append(d.readOnly() ? ",unarmed=on" : "");
            }
            if (config.pcDimmInSlot0()) {
                cmd.append(" -object memory-backend-ram,id=r0,size=2M -device pc-dimm,id=d0,memdev=r0,slot=0");
            }
            machine = new MachineFactory(Progress.NONE).build(MachineConfig.parse(CommandLineTokenizer.split(
                    cmd.toString())));
            fit = machine.nvdimmAcpi().orElseThrow().fit().bytes();
        }
    }

    @AfterAll
    static void powerOff() {
        MACHINES.values().forEach(r -> r.machine.close());
        MACHINES.clear();
    }

    @FuzzTest
    void anyPageGetsQemusReplyAndTouchesOnlyTheLabelsItWrites(byte[] input) throws IOException {
        int index = input.length == 0 ? 0 : (input[0] & 0x7F) % CONFIGS.size();
        Running r = MACHINES.get(index);
        if (r == null) {
            r = new Running(index);
            MACHINES.put(index, r);
        }
        boolean anyAddress = input.length > 0 && (input[0] & 0x80) != 0;
        int pageAt = anyAddress ? 5 : 1;
        long gpa = anyAddress && input.length >= 5
                ? Integer.toUnsignedLong(ByteBuffer.wrap(input, 1, 4).order(ByteOrder.LITTLE_ENDIAN).getInt()) : PAGE;
        byte[] page = new byte[DsmPage.SIZE];
        Arrays.fill(page, FILLER);
        if (input.length > pageAt) {
            System.arraycopy(input, pageAt, page, 0, Math.min(input.length - pageAt, DsmPage.SIZE));
        }
        long ramEnd = r.machine.settings().ramSize();
        byte[] lastRam = r.machine.memoryMap().read(ramEnd - 2 * DsmPage.SIZE, 2 * DsmPage.SIZE);
        if (!r.machine.memoryMap().isBacked(gpa, DsmPage.SIZE)) {
            // no page for a request there, nowhere for a reply: nothing may happen, in RAM or in any file
            r.machine.ioPorts().write(DsmNotifyPort.ADDRESS, DsmNotifyPort.LENGTH, gpa);
            assertThat(r.machine.memoryMap().read(ramEnd - 2 * DsmPage.SIZE, 2 * DsmPage.SIZE))
                    .as("the end of RAM after a DSM page at 0x%x", gpa).isEqualTo(lastRam);
            checkFiles(r);
            return;
        }
        byte[] around = gpa >= 64 ? r.machine.memoryMap().read(gpa - 64, 64) : new byte[0];
        r.machine.memoryMap().write(gpa, page);

        r.machine.ioPorts().write(DsmNotifyPort.ADDRESS, DsmNotifyPort.LENGTH, gpa);

        byte[] after = r.machine.memoryMap().read(gpa, DsmPage.SIZE);
        byte[] expected = model(r, page);
        long length = Integer.toUnsignedLong(ByteBuffer.wrap(after).order(ByteOrder.LITTLE_ENDIAN).getInt(0));
        assertThat(length).as("reply length").isBetween(8L, (long) DsmPage.SIZE);
        int len = (int) length;
        assertThat(Arrays.copyOf(after, len)).as("the reply to %s", describe(page)).isEqualTo(expected);
        assertThat(Arrays.copyOfRange(after, len, DsmPage.SIZE)).as("the page after the reply")
                .isEqualTo(Arrays.copyOfRange(page, len, DsmPage.SIZE));
        int word = ByteBuffer.wrap(after).order(ByteOrder.LITTLE_ENDIAN).getInt(4);
        int function = ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN).getInt(8);
        if (function != 0 || len != 8) {
            assertThat(word).as("status").isIn(0, 1, 2, 3, 0x100);
        } else {
            // the root's, QEMU's reserved root's or a DIMM's bitmap, or "not supported" for another revision
            assertThat(word).as("function 0's bitmap").isIn(0, 0x3, 0x71, 1);
        }
        if (gpa >= 64) {
            assertThat(r.machine.memoryMap().read(gpa - 64, 64)).as("guest RAM before the page").isEqualTo(around);
        }
        checkFiles(r);
    }

    private static void checkFiles(Running r) throws IOException {
        for (int i = 0; i < r.files.size(); i++) {
            assertThat(readFile(r.files.get(i), r.model.get(i).length)).as("backing file %s", r.files.get(i))
                    .isEqualTo(r.model.get(i));
        }
    }

    /**
     * QEMU's dispatch and checks, written from the spec notes, not from the handler: the reply bytes, and the model's
     * files changed as a successful Set Label Data changes them.
     */
    private static byte[] model(Running r, byte[] page) {
        ByteBuffer in = ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN);
        int handle = in.getInt(0);
        int revision = in.getInt(4);
        int function = in.getInt(8);
        if (revision != 1) {
            return words(1);
        }
        if (handle == 0x10000) {
            if (function == 0) {
                return words(0x3);
            }
            return function == 1 ? readFit(r, Integer.toUnsignedLong(in.getInt(12))) : words(1);
        }
        if (handle == 0) {
            return words(function == 0 ? 0 : 1);
        }
        int dimm = -1;
        for (int i = 0; i < r.config.dimms().size(); i++) {
            if (r.config.dimms().get(i).slot() + 1 == handle) {
                dimm = i;
            }
        }
        int labelSize = dimm < 0 ? 0 : r.config.dimms().get(dimm).labelSize();
        if (function == 0) {
            return words(labelSize != 0 ? 0x71 : 0);
        }
        if (dimm < 0) {
            return words(2);
        }
        if (labelSize == 0) {
            return words(1);
        }
        if (function == 4) {
            return words(0, labelSize, MAX_XFER);
        }
        if (function != 5 && function != 6) {
            return words(1);
        }
        long offset = Integer.toUnsignedLong(in.getInt(12));
        long length = Integer.toUnsignedLong(in.getInt(16));
        if (offset + length > 0xFFFF_FFFFL || labelSize < offset + length || length > MAX_XFER) {
            return words(3);
        }
        if (function == 6 && r.config.dimms().get(dimm).readOnly()) {
            return words(1);
        }
        if (length == 0) {
            return words(3); // QEMU aborts on it (spec notes §1.8); the reference refuses it
        }
        byte[] file = r.model.get(dimm);
        int at = file.length - labelSize + (int) offset;
        if (function == 5) {
            ByteBuffer out = ByteBuffer.allocate(8 + (int) length).order(ByteOrder.LITTLE_ENDIAN);
            out.putInt(8 + (int) length).putInt(0).put(file, at, (int) length);
            return out.array();
        }
        System.arraycopy(page, 20, file, at, (int) length);
        return words(0);
    }

    private static byte[] readFit(Running r, long offset) {
        if (offset > r.fit.length) {
            return words(3);
        }
        if (offset == 0) {
            r.fitDirty = false;
        } else if (r.fitDirty) {
            return words(0x100);
        }
        int n = (int) Math.min(r.fit.length - offset, MAX_FIT_CHUNK);
        ByteBuffer out = ByteBuffer.allocate(8 + n).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(8 + n).putInt(0).put(r.fit, (int) offset, n);
        return out.array();
    }

    /** A reply of whole words: its length word, then these. */
    private static byte[] words(int... values) {
        ByteBuffer out = ByteBuffer.allocate(4 + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(4 + 4 * values.length);
        for (int v : values) {
            out.putInt(v);
        }
        return out.array();
    }

    private static String describe(byte[] page) {
        ByteBuffer in = ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN);
        return String.format("handle 0x%x revision %d function %d arg3 0x%x 0x%x", in.getInt(0), in.getInt(4),
                in.getInt(8), in.getInt(12), in.getInt(16));
    }

    private static byte[] readFile(Path file, int size) throws IOException {
        byte[] b = new byte[size];
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            assertThat(f.length()).as("size of %s", file).isEqualTo(size);
            f.readFully(b);
        }
        return b;
    }
}
