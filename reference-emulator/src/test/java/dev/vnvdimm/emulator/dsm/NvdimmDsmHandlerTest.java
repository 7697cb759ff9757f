package dev.vnvdimm.emulator.dsm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnvdimm.abi.dsm.DsmNotifyPort;
import dev.vnvdimm.abi.qemu.CommandLineTokenizer;
import dev.vnvdimm.emulator.config.MachineConfig;
import dev.vnvdimm.emulator.hostmem.Progress;
import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.emulator.machine.MachineFactory;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The DSM handler driven as a guest drives it: request words in a page of guest RAM, the page address
 * written to port 0x0A18, the reply read back. The machine is the one of the QEMU 7.2 transcript
 * (spec notes §1.13): one NVDIMM in slot 1 (handle 2) with a 128 KiB label area; slot 0 is empty.
 */
class NvdimmDsmHandlerTest {
    private static final long PAGE = 0x100000;
    private static final long LABEL_SIZE = 128 << 10;

    @TempDir
    Path dir;

    private Machine machine;

    @BeforeEach
    void powerOn() {
        machine = build("-machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G "
                + "-object memory-backend-file,id=mem1,share=on,mem-path=" + dir.resolve("nv.img") + ",size=256M "
                + "-device nvdimm,id=nv1,memdev=mem1,slot=1,label-size=128K");
    }

    @AfterEach
    void powerOff() {
        machine.close();
    }

    private Machine build(String cmd) {
        return new MachineFactory(Progress.NONE).build(MachineConfig.parse(CommandLineTokenizer.split(cmd)));
    }

    private int[] call(Machine m, int... words) {
        ByteBuffer b = ByteBuffer.allocate(words.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int w : words) {
            b.putInt(w);
        }
        m.memoryMap().write(PAGE, b.array());
        m.ioPorts().write(0x0A18, 4, PAGE);
        ByteBuffer out = ByteBuffer.wrap(m.memoryMap().read(PAGE, 16)).order(ByteOrder.LITTLE_ENDIAN);
        return new int[] {out.getInt(0), out.getInt(4), out.getInt(8), out.getInt(12)};
    }

    private int[] call(int... words) {
        return call(machine, words);
    }

    private byte[] labels() {
        return machine.nvdimms().get(0).labelArea().orElseThrow().read(0, (int) LABEL_SIZE);
    }

    @ParameterizedTest(name = "request {0} → len {1}, word {2}")
    @CsvSource({
        "'2,1,0', 8, 0x71",
        "'2,1,7', 8, 1",
        "'2,1,1', 8, 1",
        "'1,1,0', 8, 0",
        "'1,1,4', 8, 2",
        "'0,1,0', 8, 0",
        "'0,1,1', 8, 1",
        "'2,2,0', 8, 1",
        "'65536,1,0', 8, 3",
        "'65536,1,2', 8, 1"})
    void answersEveryStatusOnlyRowOfTheQemuTranscript(String request, int len, String word) {
        int[] words = Arrays.stream(request.split(",")).mapToInt(Integer::parseInt).toArray();
        int[] reply = call(words);
        assertThat(reply[0]).isEqualTo(len);
        assertThat(reply[1]).isEqualTo(Integer.decode(word));
    }

    @Test
    void onlyADwordWriteRunsARequestAndThePortReadsAsZero() {
        ByteBuffer request = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(2).putInt(1).putInt(4);
        machine.memoryMap().write(PAGE, request.array());
        machine.ioPorts().write(DsmNotifyPort.ADDRESS, 2, PAGE);
        machine.ioPorts().write(DsmNotifyPort.ADDRESS, 1, PAGE);
        assertThat(machine.memoryMap().read(PAGE, 12)).as("no reply to a narrow write").isEqualTo(request.array());
        assertThat(machine.ioPorts().read(DsmNotifyPort.ADDRESS, 4)).isZero();
        assertThat(machine.ioPorts().read(DsmNotifyPort.ADDRESS, 1)).as("a refused width reads as all ones")
                .isEqualTo(0xFF);
    }

    /**
     * A guest may write any address to the port. Found with NvdimmDsmFuzzTest: a page RAM does not hold entirely
     * threw out of the port write into the vCPU; now it runs nothing.
     */
    @Test
    void aPageAddressOutsideRamRunsNothing() throws Exception {
        byte[] file = Files.readAllBytes(dir.resolve("nv.img"));
        long end = 512L << 20;
        byte[] lastPage = machine.memoryMap().read(end - 0x1000, 0x1000);
        for (long gpa : new long[] {end - 0x800, end, 0xFFFF_F000L}) {
            machine.ioPorts().write(DsmNotifyPort.ADDRESS, 4, gpa);
        }
        assertThat(machine.memoryMap().read(end - 0x1000, 0x1000)).isEqualTo(lastPage);
        assertThat(Files.readAllBytes(dir.resolve("nv.img"))).isEqualTo(file);
        assertThat(call(2, 1, 4)).as("and the next request is answered").containsExactly(0x10, 0, 0x20000, 0xFEC);
    }

    @Test
    void getLabelSizeReportsTheAreaAndMaxTransfer4076() {
        assertThat(call(2, 1, 4)).containsExactly(0x10, 0, 0x20000, 0xFEC);
    }

    @Test
    void readFitAtZeroReturnsTheWholeFitAndAFirstReadElsewhereReportsTheColdPlugChange() {
        assertThat(call(0x10000, 1, 1, 0x38)).startsWith(8, 0x100);
        int[] first = call(0x10000, 1, 1, 0);
        assertThat(first[0]).isEqualTo(0xC0);
        assertThat(first[1]).isZero();
        byte[] fit = machine.memoryMap().read(PAGE + 8, 0xB8);
        assertThat(fit).isEqualTo(machine.nvdimmAcpi().orElseThrow().fit().bytes());
        assertThat(call(0x10000, 1, 1, 0x38)).startsWith(0x88, 0);
        assertThat(call(0x10000, 1, 1, 0xB8)).startsWith(8, 0);
        assertThat(call(0x10000, 1, 1, 0xB9)).startsWith(8, 3);
    }

    @Test
    void setThenGetLabelDataLandsInTheLastBytesOfTheFile() throws Exception {
        assertThat(call(2, 1, 6, 0x10, 4, 0xDDCCBBAA)).startsWith(8, 0);
        assertThat(call(2, 1, 5, 0x10, 4)).startsWith(12, 0, 0xDDCCBBAA);
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("nv.img").toFile(), "r")) {
            f.seek((256L << 20) - LABEL_SIZE + 0x10);
            assertThat(Integer.reverseBytes(f.readInt())).isEqualTo(0xDDCCBBAA);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "read at the end, 5, 0x1FFF0, 16, 0x18, 0",
        "read one byte past the end, 5, 0x1FFF0, 17, 8, 3",
        "read the largest transfer, 5, 0, 4076, 0xFF4, 0",
        "read one byte more than max_xfer, 5, 0, 4077, 8, 3",
        "offset plus length overflows, 5, -1, 2, 8, 3",
        "read of length zero, 5, 0, 0, 8, 3",
        "write one byte past the end, 6, 0x1FFFF, 2, 8, 3",
        "write of length zero, 6, 0, 0, 8, 3",
        "write longer than max_xfer, 6, 0, 4077, 8, 3",
        "write with overflow, 6, -2, 4, 8, 3"})
    void validatesLabelAccessesInQemusOrderAndRefusalsChangeNothing(String name, int fn, int offset, int length,
                                                                   String len, int status) {
        byte[] before = labels();
        int[] reply = call(2, 1, fn, offset, length);
        assertThat(reply[0]).isEqualTo(Integer.decode(len));
        assertThat(reply[1]).isEqualTo(status);
        if (status != 0) {
            assertThat(labels()).isEqualTo(before);
        }
    }

    @Test
    void aDeviceWithoutLabelsSupportsNothing() {
        try (Machine m = build("-machine pc,nvdimm=on -m 512M,slots=2,maxmem=4G "
                + "-object memory-backend-file,id=m,share=on,mem-path=" + dir.resolve("nl.img") + ",size=64M "
                + "-device nvdimm,id=nv,memdev=m")) {
            assertThat(call(m, 1, 1, 0)).startsWith(8, 0);
            assertThat(call(m, 1, 1, 4)).startsWith(8, 1);
        }
    }

    @Test
    void aReadOnlyBackendServesLabelsButRefusesWritesWithNotSupported() throws Exception {
        Path ro = dir.resolve("ro.img");
        try (RandomAccessFile f = new RandomAccessFile(ro.toFile(), "rw")) {
            f.setLength(64L << 20);
            f.seek((64L << 20) - LABEL_SIZE);
            f.write(new byte[] {1, 2, 3, 4});
        }
        try (Machine m = build("-machine pc,nvdimm=on -m 512M,slots=2,maxmem=4G "
                + "-object memory-backend-file,id=m,readonly=on,mem-path=" + ro + ",size=64M "
                + "-device nvdimm,id=nv,memdev=m,unarmed=on,label-size=128K")) {
            assertThat(call(m, 1, 1, 0)).startsWith(8, 0x71);
            assertThat(call(m, 1, 1, 5, 0, 4)).startsWith(12, 0, 0x04030201);
            assertThat(call(m, 1, 1, 6, 0, 4, 0)).startsWith(8, 1);
            assertThat(call(m, 1, 1, 5, 0, 4)).startsWith(12, 0, 0x04030201);
        }
    }

    @Test
    void concurrentLabelWritesNeverInterleaveAndEqualASerialReplay() throws Exception {
        int threads = 4;
        int writes = 200;
        List<List<int[]>> plans = new ArrayList<>();
        Random rnd = new Random(42);
        for (int t = 0; t < threads; t++) {
            List<int[]> plan = new ArrayList<>();
            for (int i = 0; i < writes; i++) {
                // each thread owns the words at offsets ≡ t (mod threads), so a serial replay has one answer
                plan.add(new int[] {(rnd.nextInt((int) LABEL_SIZE / 4 / threads) * threads + t) * 4, rnd.nextInt()});
            }
            plans.add(plan);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<int[]>>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long page = 0x200000L + t * 0x1000L; // one DSM page per "CPU", as each has its own buffer in flight
            List<int[]> plan = plans.get(t);
            done.add(pool.submit(() -> {
                List<int[]> order = new ArrayList<>();
                for (int[] w : plan) {
                    ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
                    b.putInt(2).putInt(1).putInt(6).putInt(w[0]).putInt(4).putInt(w[1]);
                    machine.memoryMap().write(page, b.array());
                    machine.ioPorts().write(0x0A18, 4, page);
                    assertThat(machine.memoryMap().readValue(page, 4)).isEqualTo(8);
                    assertThat(machine.memoryMap().readValue(page + 4, 4)).isZero();
                    order.add(w);
                }
                return order;
            }));
        }
        for (Future<List<int[]>> f : done) {
            f.get();
        }
        pool.shutdown();
        byte[] serial = new byte[(int) LABEL_SIZE];
        ByteBuffer replay = ByteBuffer.wrap(serial).order(ByteOrder.LITTLE_ENDIAN);
        for (List<int[]> plan : plans) {
            for (int[] w : plan) {
                replay.putInt(w[0], w[1]);
            }
        }
        assertThat(labels()).isEqualTo(serial);
    }
}
