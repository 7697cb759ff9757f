package dev.vnvdimm.emulator.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vnvdimm.abi.qemu.CommandLineTokenizer;
import dev.vnvdimm.emulator.QemuError;
import dev.vnvdimm.emulator.config.MachineConfig;
import dev.vnvdimm.emulator.dimm.MemoryDeviceInfo;
import dev.vnvdimm.emulator.dimm.Nvdimm;
import dev.vnvdimm.emulator.hostmem.Progress;
import dev.vnvdimm.emulator.memory.IoPortBus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MachineFactoryTest {
    @TempDir
    Path dir;

    private Machine build(String commandLine) {
        return new MachineFactory(Progress.NONE).build(
                MachineConfig.parse(CommandLineTokenizer.split(commandLine.replace("{dir}", dir.toString()))));
    }

    @Test
    void theDefaultKitMachineHasOneNvdimmAtTheStartOfDeviceMemory() {
        try (Machine m = build("-machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G "
                + "-object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv.img,size=256M "
                + "-device nvdimm,id=nv1,memdev=mem1,label-size=128K")) {
            assertThat(m.memoryDevices()).containsExactly(new MemoryDeviceInfo("nvdimm", "nv1", 0x1_0000_0000L, 0, 0,
                    268304384L, "/objects/mem1", false, true));
            Nvdimm nv = m.nvdimms().get(0);
            assertThat(nv.nfitHandle()).isEqualTo(1);
            assertThat(nv.labelArea()).get().extracting(a -> a.offsetInBackend()).isEqualTo((256L << 20) - (128 << 10));
            assertThat(m.deviceMemory()).get().satisfies(dm -> {
                assertThat(dm.base()).isEqualTo(0x1_0000_0000L);
                assertThat(dm.size()).isEqualTo((4L << 30) - (512L << 20) + 4L * (1L << 30));
            });
        }
    }

    @ParameterizedTest(name = "{0} with -m {1}: RAM below 4G {2}, device memory at {3}")
    @CsvSource({
        "pc,  128M, 0x8000000,  0x100000000",
        "pc,  3584M, 0xc0000000, 0x140000000",
        "pc,  5G,   0xc0000000, 0x180000000",
        "q35, 2G,   0x80000000, 0x100000000",
        "q35, 3G,   0x80000000, 0x140000000"})
    void ramIsSplitAt4GiBAsQemuDoesAndDeviceMemoryFollowsOnAGibBoundary(String type, String ram, String below,
                                                                       String base) {
        try (Machine m = build("-machine " + type + " -m " + ram + ",slots=2,maxmem=16G")) {
            assertThat(m.settings().belowFourGiB()).isEqualTo(Long.decode(below));
            assertThat(m.deviceMemory().orElseThrow().base()).isEqualTo(Long.decode(base));
        }
    }

    @Test
    void guestAccessesReachRamAboveAndBelow4GiBAndTheNvdimm() {
        try (Machine m = build("-machine q35,nvdimm=on -m 3G,slots=2,maxmem=8G "
                + "-object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv.img,size=16M "
                + "-device nvdimm,id=nv1,memdev=mem1")) {
            m.memoryMap().writeValue(0x7fff_fff0L, 8, 0x0102030405060708L);
            m.memoryMap().writeValue(0x1_0000_0000L, 4, 0xCAFEF00DL);
            assertThat(m.memoryMap().readValue(0x7fff_fff0L, 8)).isEqualTo(0x0102030405060708L);
            assertThat(m.memoryMap().readValue(0x1_0000_0000L, 4)).isEqualTo(0xCAFEF00DL);
            long nv = m.dimm("nv1").orElseThrow().addr();
            m.memoryMap().write(nv + 10, "pmem".getBytes(StandardCharsets.US_ASCII));
            assertThat(m.nvdimms().get(0).memdev().memory().read(10, 4))
                    .isEqualTo("pmem".getBytes(StandardCharsets.US_ASCII));
            assertThatThrownBy(() -> m.memoryMap().read(0x9000_0000L, 4)).hasMessageContaining("not backed by RAM");
        }
    }

    @Test
    void aRefusedDeviceUndoesEveryBackendFileItCreated() throws Exception {
        Files.write(dir.resolve("existing.img"), new byte[0]);
        assertThatThrownBy(() -> build("-machine pc,nvdimm=on -m 512M,slots=1,maxmem=4G "
                + "-object memory-backend-file,id=mem1,share=on,mem-path={dir}/new.img,size=16M "
                + "-object memory-backend-file,id=mem2,share=on,mem-path={dir}/existing.img,size=16M "
                + "-device nvdimm,id=nv1,memdev=mem1 -device nvdimm,id=nv2,memdev=mem2"))
                .isInstanceOf(QemuError.class).hasMessage("no free slots available")
                .extracting(e -> ((QemuError) e).location()).isEqualTo("-device nvdimm,id=nv2,memdev=mem2");
        assertThat(dir.resolve("new.img")).doesNotExist();
        assertThat(dir.resolve("existing.img")).exists();
    }

    /** Found by MachineFactoryFuzzTest: both used to end in an IllegalStateException from mmap. */
    @Test
    void minusM0MeansTheDefaultRamAndRamTheHostCannotMapIsQemusError() {
        try (Machine m = build("-m 0")) {
            assertThat(m.settings().ramSize()).isEqualTo(MachineConfig.DEFAULT_RAM);
        }
        assertThatThrownBy(() -> build("-m 1000T")).isInstanceOf(QemuError.class)
                .hasMessage("cannot set up guest memory 'pc.ram': Cannot allocate memory");
    }

    /**
     * Found by MachineFactoryFuzzTest: a NUL in the id of a backend whose mem-path is a directory reached the
     * temporary file's name (InvalidPathException). QEMU refuses any id that is not an identifier.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "-object memory-backend-ram,id=1st,size=2M | -object memory-backend-ram,id=1st,size=2M",
        "-object memory-backend-file,id=a/b,mem-path={dir},size=2M | "
                + "-object memory-backend-file,id=a/b,mem-path={dir},size=2M",
        "-object memory-backend-ram,id=r,size=2M -device pc-dimm,id=d#1,memdev=r | -device pc-dimm,id=d#1,memdev=r"})
    void anIdThatIsNoIdentifierIsRefused(String options, String location) {
        assertThatThrownBy(() -> build("-m 512M,slots=2,maxmem=4G " + options)).isInstanceOf(QemuError.class)
                .hasMessage("Parameter 'id' expects an identifier")
                .extracting(e -> ((QemuError) e).location()).isEqualTo(location.replace("{dir}", dir.toString()));
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void theNumaTotalMustEqualRam() {
        assertThatThrownBy(() -> build("-m 512M -object memory-backend-ram,id=r0,size=256M "
                + "-numa node,nodeid=0,memdev=r0"))
                .hasMessage("total memory for NUMA nodes (0x10000000) should equal RAM size (0x20000000)");
    }

    @Test
    void aBackendUsedForNumaRamIsBusyForDimms() {
        assertThatThrownBy(() -> build("-machine pc,nvdimm=on -m 256M,slots=2,maxmem=1G "
                + "-object memory-backend-ram,id=r0,size=256M -numa node,nodeid=0,memdev=r0 "
                + "-device pc-dimm,id=d0,memdev=r0")).hasMessage("can't use already busy memdev: r0");
    }

    @Test
    void persistenceAndOemIdsAreKept() {
        try (Machine m = build("-machine q35,nvdimm=on,nvdimm-persistence=mem-ctrl,oem-id=KIT,oem-table-id=VNVDIMM")) {
            assertThat(m.settings().nvdimmPersistence()).contains("mem-ctrl");
            assertThat(m.settings().oemId()).isEqualTo("KIT");
            assertThat(m.settings().oemTableId()).isEqualTo("VNVDIMM");
            assertThat(m.type()).isEqualTo(MachineType.Q35);
        }
    }

    @Test
    void ioPortsRouteByRangeAndWidth() {
        IoPortBus bus = new IoPortBus();
        long[] last = new long[1];
        bus.register("dsm", 0x0A18, 4, new IoPortBus.Handler() {
            @Override
            public boolean accepts(int width) {
                return width == 4;
            }

            @Override
            public long read(int offset, int width) {
                return 0;
            }

            @Override
            public void write(int offset, int width, long value) {
                last[0] = value;
            }
        });
        bus.write(0x0A18, 4, 0x7FFE000);
        bus.write(0x0A18, 1, 0x12);
        assertThat(last[0]).isEqualTo(0x7FFE000);
        assertThat(bus.read(0x0A18, 4)).isZero();
        assertThat(bus.read(0x0B00, 2)).isEqualTo(0xFFFF);
        assertThatThrownBy(() -> bus.register("other", 0x0A1A, 2, null)).hasMessageContaining("overlaps dsm");
    }
}
