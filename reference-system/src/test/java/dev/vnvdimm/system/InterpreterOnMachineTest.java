package dev.vnvdimm.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnvdimm.abi.acpi.AcpiTableHeader;
import dev.vnvdimm.abi.acpi.Guids;
import dev.vnvdimm.abi.qemu.CommandLineTokenizer;
import dev.vnvdimm.emulator.config.MachineConfig;
import dev.vnvdimm.emulator.firmware.Firmware;
import dev.vnvdimm.emulator.hostmem.Progress;
import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.emulator.machine.MachineFactory;
import dev.vnvdimm.guest.aml.AmlInterpreter;
import dev.vnvdimm.guest.aml.runtime.AmlBuffer;
import dev.vnvdimm.guest.aml.runtime.AmlFormatter;
import dev.vnvdimm.guest.aml.runtime.AmlInteger;
import dev.vnvdimm.guest.aml.runtime.AmlObject;
import dev.vnvdimm.guest.aml.runtime.AmlOptions;
import dev.vnvdimm.guest.aml.runtime.AmlPackage;
import dev.vnvdimm.guest.kernel.AcpiBoot;
import dev.vnvdimm.guest.kernel.KernelLog;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Both halves end to end: the emulator's machine with its tables laid out by the firmware, and the reference
 * guest's interpreter running the SSDT it finds in guest memory — QEMU's own _DSM/_FIT/_LSx bytes reaching the
 * DSM handler through the page and port 0x0A18. Every test also runs on QEMU's golden SSDT (slots=3) with MEMA
 * patched to the machine's DSM page, proving the interpreter runs QEMU's bytes and not only the kit's.
 * The machine: three slots, one NVDIMM with a 128 KiB label area in slot 1 (NV01, handle 2).
 */
class InterpreterOnMachineTest {
    static final UUID INTEL = UUID.fromString("4309ac30-0d11-11e4-9191-0800200c9a66");
    static final UUID ROOT = UUID.fromString("2f10e7a4-9e91-11e4-89d3-123b93f75cba");
    static final int LABEL_SIZE = 128 << 10;

    /** Whose SSDT the interpreter runs. */
    enum Ssdt { KIT, QEMU_GOLDEN }

    @TempDir
    Path dir;

    private Machine machine;
    private long dsmPage;

    @BeforeEach
    void powerOn() {
        machine = new MachineFactory(Progress.NONE).build(MachineConfig.parse(CommandLineTokenizer.split(
                "-machine pc,nvdimm=on -m 512M,slots=3,maxmem=4G -object memory-backend-file,id=mem1,share=on,"
                        + "mem-path=" + dir.resolve("nv.img") + ",size=256M "
                        + "-device nvdimm,id=nv1,memdev=mem1,slot=1,label-size=128K")));
        dsmPage = Firmware.loadAcpiTables(machine).dsmPage().orElseThrow();
    }

    @AfterEach
    void powerOff() {
        machine.close();
    }

    private AmlInterpreter interpreter(Ssdt which) throws Exception {
        MachinePlatform platform = new MachinePlatform(machine);
        if (which == Ssdt.KIT) {
            return AcpiBoot.boot(platform, AmlOptions.defaults(), new KernelLog()).interpreter();
        }
        byte[] ssdt = Files.readAllBytes(Path.of(System.getProperty("vnvdimm.features", "../features"))
                .resolve("golden/qemu-7.2-dimmpxm/pc/SSDT.dimmpxm"));
        ByteBuffer.wrap(ssdt).order(ByteOrder.LITTLE_ENDIAN).putInt(0x713, (int) dsmPage);
        AcpiTableHeader.fixChecksum(ssdt, AcpiTableHeader.CHECKSUM, 0, ssdt.length);
        AmlInterpreter aml = new AmlInterpreter(platform);
        // the kit's DSDT from guest memory gives the integer width; QEMU's SSDT replaces the kit's
        byte[] dsdt = AcpiBoot.boot(platform, AmlOptions.defaults(), new KernelLog()).tables().table("DSDT")
                .orElseThrow().bytes();
        aml.load(dsdt, ssdt);
        return aml;
    }

    private static AmlBuffer uuid(UUID u) {
        byte[] b = new byte[16];
        Guids.put(b, 0, u);
        return new AmlBuffer(b);
    }

    private static String dsm(AmlInterpreter aml, String device, UUID u, int rev, int fn, AmlObject arg3) {
        return AmlFormatter.format(aml.evaluate("\\_SB.NVDR." + device + "._DSM", uuid(u), AmlInteger.of(rev),
                AmlInteger.of(fn), arg3));
    }

    private static AmlPackage empty() {
        return new AmlPackage(List.of());
    }

    private static AmlPackage buffer(int... words) {
        ByteBuffer b = ByteBuffer.allocate(words.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int w : words) {
            b.putInt(w);
        }
        return new AmlPackage(List.of(new AmlBuffer(b.array())));
    }

    private byte[] labelArea() throws Exception {
        byte[] all = Files.readAllBytes(dir.resolve("nv.img"));
        return Arrays.copyOfRange(all, all.length - LABEL_SIZE, all.length);
    }

    @ParameterizedTest
    @EnumSource(Ssdt.class)
    void theDsmTranscriptThroughTheAml(Ssdt which) throws Exception {
        AmlInterpreter aml = interpreter(which);
        assertThat(dsm(aml, "NV01", INTEL, 1, 0, empty())).isEqualTo("buf 71000000");
        assertThat(dsm(aml, "NV01", INTEL, 1, 4, empty())).isEqualTo("buf 0000000000000200ec0f0000");
        assertThat(dsm(aml, "NV01", INTEL, 1, 7, empty())).isEqualTo("buf 01000000");
        assertThat(dsm(aml, "NV00", INTEL, 1, 0, empty())).isEqualTo("buf 00000000");
        assertThat(dsm(aml, "NV00", INTEL, 1, 4, empty())).isEqualTo("buf 02000000");
        assertThat(dsm(aml, "NV01", INTEL, 2, 0, empty())).isEqualTo("buf 01000000");
        assertThat(AmlFormatter.format(aml.evaluate("\\_SB.NVDR._DSM", uuid(ROOT), AmlInteger.of(1),
                AmlInteger.of(0), empty()))).isEqualTo("buf 00000000");
        // the AML refuses a wrong UUID itself, with a one-byte buffer, without calling the hypervisor
        assertThat(dsm(aml, "NV01", ROOT, 1, 0, empty())).isEqualTo("buf 00");
        assertThat(dsm(aml, "NV01", ROOT, 1, 4, empty())).isEqualTo("buf 01");
    }

    @ParameterizedTest
    @EnumSource(Ssdt.class)
    void setAndGetLabelDataThroughTheDsmReachTheBackingFile(Ssdt which) throws Exception {
        AmlInterpreter aml = interpreter(which);
        assertThat(dsm(aml, "NV01", INTEL, 1, 6, buffer(0x10, 4, 0xddccbbaa))).isEqualTo("buf 00000000");
        assertThat(dsm(aml, "NV01", INTEL, 1, 5, buffer(0x10, 4))).isEqualTo("buf 00000000aabbccdd");
        assertThat(ByteBuffer.wrap(labelArea()).order(ByteOrder.LITTLE_ENDIAN).getInt(0x10)).isEqualTo(0xddccbbaa);
        // a whole 4076-byte transfer, and refusals that change nothing
        byte[] before = labelArea();
        assertThat(dsm(aml, "NV01", INTEL, 1, 5, buffer(0, 4077))).isEqualTo("buf 03000000");
        assertThat(dsm(aml, "NV01", INTEL, 1, 6, buffer(0x1FFFF, 2, 0))).isEqualTo("buf 03000000");
        assertThat(labelArea()).isEqualTo(before);
        AmlObject big = aml.evaluate("\\_SB.NVDR.NV01._DSM", uuid(INTEL), AmlInteger.of(1), AmlInteger.of(5),
                buffer(0, 4076));
        assertThat(((AmlBuffer) big).length()).isEqualTo(4 + 4076);
    }

    @ParameterizedTest
    @EnumSource(Ssdt.class)
    void labelMethodsOfAcpi64(Ssdt which) throws Exception {
        AmlInterpreter aml = interpreter(which);
        assertThat(AmlFormatter.format(aml.evaluate("\\_SB.NVDR.NV01._LSI")))
                .isEqualTo("pkg [ int 0x0, int 0x20000, int 0xfec ]");
        dsm(aml, "NV01", INTEL, 1, 6, buffer(0x40, 8, 0x44332211, 0x88776655));
        assertThat(AmlFormatter.format(aml.evaluate("\\_SB.NVDR.NV01._LSR", AmlInteger.of(0x40),
                AmlInteger.of(8)))).isEqualTo("pkg [ int 0x0, buf 1122334455667788 ]");
        // QEMU's _LSW stores Concatenate(INPT, data) back into the 8-byte named INPT, which keeps 8 bytes:
        // the data never reaches the hypervisor and zeros are written (a QEMU defect; Linux uses _DSM instead).
        AmlObject status = aml.evaluate("\\_SB.NVDR.NV01._LSW", AmlInteger.of(0x40), AmlInteger.of(2),
                new AmlBuffer(new byte[] {9, 9}));
        assertThat(AmlFormatter.format(status)).isEqualTo("int 0x0");
        assertThat(HexFormat.of().formatHex(labelArea(), 0x40, 0x48)).isEqualTo("0000" + "334455667788");
    }

    @ParameterizedTest
    @EnumSource(Ssdt.class)
    void fitEqualsTheNfitBody(Ssdt which) throws Exception {
        AmlInterpreter aml = interpreter(which);
        byte[] fit = ((AmlBuffer) aml.evaluate("\\_SB.NVDR._FIT")).bytes();
        byte[] nfit = Firmware.walk(machine).table("NFIT").orElseThrow().bytes();
        assertThat(fit).isEqualTo(Arrays.copyOfRange(nfit, 40, nfit.length));
        assertThat(fit).hasSize(184);
    }

    @Test
    void concurrentLabelWritesThroughDsmEqualASerialReplay() throws Exception {
        AmlInterpreter aml = interpreter(Ssdt.KIT);
        int threads = 4;
        int writes = 100;
        Random rnd = new Random(7);
        List<List<int[]>> plans = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<int[]> plan = new ArrayList<>();
            for (int i = 0; i < writes; i++) {
                int slot = rnd.nextInt(LABEL_SIZE / 4 / threads) * threads + t; // each thread owns its words
                plan.add(new int[] {slot * 4, rnd.nextInt()});
            }
            plans.add(plan);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<String>>> replies = new ArrayList<>();
        for (List<int[]> plan : plans) {
            replies.add(pool.submit(() -> plan.stream()
                    .map(w -> dsm(aml, "NV01", INTEL, 1, 6, buffer(w[0], 4, w[1]))).toList()));
        }
        for (Future<List<String>> f : replies) {
            assertThat(f.get()).containsOnly("buf 00000000");
        }
        pool.shutdown();
        ByteBuffer serial = ByteBuffer.allocate(LABEL_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        plans.forEach(p -> p.forEach(w -> serial.putInt(w[0], w[1])));
        assertThat(labelArea()).isEqualTo(serial.array());
    }
}
