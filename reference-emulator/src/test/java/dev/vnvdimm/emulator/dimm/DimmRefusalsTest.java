package dev.vnvdimm.emulator.dimm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vnvdimm.abi.qemu.CommandLineTokenizer;
import dev.vnvdimm.emulator.QemuError;
import dev.vnvdimm.emulator.config.MachineConfig;
import dev.vnvdimm.emulator.hostmem.Progress;
import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.emulator.machine.MachineFactory;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The DIMM rules QEMU checks when it reads {@code -device} and plugs the device, each with QEMU's text, and
 * the edge each rule still allows (the features hold the same rules against every target; this is the
 * emulator's own unit-level account of them).
 */
class DimmRefusalsTest {
    private static final String FOUR_SLOTS = "512M,slots=4,maxmem=4G";

    @TempDir
    Path dir;

    /** {@code -m MEMORY}, two 64 MiB file backends mem1 and mem2, nv1 on mem1, then {@code second}. */
    private Machine build(String memory, String second) {
        return new MachineFactory(Progress.NONE).build(MachineConfig.parse(CommandLineTokenizer.split(
                "-machine pc,nvdimm=on -m " + memory
                        + " -object memory-backend-file,id=mem1,share=on,size=64M,mem-path=" + dir.resolve("nv1.img")
                        + " -object memory-backend-file,id=mem2,share=on,size=64M,mem-path=" + dir.resolve("nv2.img")
                        + " -device nvdimm,id=nv1,memdev=mem1,label-size=128K -device " + second)));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "512M,slots=4,maxmem=4G | nvdimm,id=nv2,memdev=mem2,slot=4 | invalid slot number 4, valid range is [0-3]",
        "512M,slots=4,maxmem=4G | nvdimm,id=nv2,memdev=mem2,slot=0 | slot 0 is busy",
        "512M,slots=1,maxmem=4G | nvdimm,id=nv2,memdev=mem2 | no free slots available",
        "512M | nvdimm,id=nv2,memdev=mem2 | no slots where allocated, please specify the 'slots' option",
        "512M,slots=4,maxmem=4G | nvdimm,id=nv2,memdev=mem2,addr=0x180000800 | address must be aligned to 0x1000 bytes",
        "512M,slots=4,maxmem=4G | nvdimm,id=nv2,memdev=mem2,addr=0x80000000 | can't add memory device [0x80000000:0x4000000], usable range for memory devices [0x100000000:0x1e0000000]",
        "512M,slots=4,maxmem=4G | nvdimm,id=nv2,memdev=mem2,addr=0x2dc001000 | can't add memory device [0x2dc001000:0x4000000], usable range for memory devices [0x100000000:0x1e0000000]",
        "512M,slots=4,maxmem=4G | nvdimm,id=nv2,memdev=mem2,addr=0x102000000 | address range conflicts with memory device id='nv1'",
        "512M,slots=4,maxmem=4G | nvdimm,id=nv2,memdev=mem2,addr=0x108000000 -object memory-backend-ram,id=mem3,size=64M -device nvdimm,id=nv3,memdev=mem3,addr=0x10a000000 | address range conflicts with memory device id='nv2'",
        "512M,slots=4,maxmem=4G | nvdimm,id=nv2,memdev=mem2,addr=0xfc001000 | can't add memory device [0xfc001000:0x4000000], usable range for memory devices [0x100000000:0x1e0000000]",
        "512M,slots=4,maxmem=600M | nvdimm,id=nv2,memdev=mem2 | not enough space, currently 0x3fe0000 in use of total space for memory devices 0x5800000",
        "512M,slots=4,maxmem=4G | nvdimm,id=nv2,memdev=mem1 | can't use already busy memdev: mem1",
        "512M,slots=4,maxmem=4G | nvdimm,id=nv2,memdev=nope | Device 'nope' not found",
        "512M,slots=4,maxmem=4G | nvdimm,id=nv2,memdev=mem2,node=1 | 'DIMM property node has value 1' which exceeds the number of numa nodes: 1",
        "512M,slots=4,maxmem=4G -smp 2 -object memory-backend-ram,id=r0,size=256M -object memory-backend-ram,id=r1,size=256M -numa node,nodeid=0,memdev=r0 -numa node,nodeid=1,memdev=r1 | nvdimm,id=nv2,memdev=mem2,node=2 | 'DIMM property node has value 2' which exceeds the number of numa nodes: 2",
        "512M,slots=4,maxmem=4G | nvdimm,id=nv2,memdev=mem2,label-size=64K | Property 'nvdimm.label-size' (0x10000) is required at least 0x20000",
        "512M,slots=4,maxmem=4G | nvdimm,id=nv2,memdev=mem2,label-size=64M | the size of memdev mem2 (0x4000000) is too small to contain nvdimm label (0x4000000) and aligned PMEM (0x1000)",
        "512M,slots=4,maxmem=4G | nvdimm,id=nv2,memdev=mem2,label-size=0x3fff001 | the size of memdev mem2 (0x4000000) is too small to contain nvdimm label (0x3fff001) and aligned PMEM (0x1000)",
        "512M,slots=4,maxmem=4G | nvdimm,id=nv2,label-size=128K | 'memdev' property must be set",
        "512M,slots=4,maxmem=4G | nvdimm,id=nv2,memdev=mem2,uuid=not-a-uuid | Property 'nvdimm.uuid' has invalid value",
        "512M,slots=4,maxmem=4G | nvdimm,id=nv2,memdev=mem2,lable-size=128K | Property 'nvdimm.lable-size' not found",
        "512M,slots=4,maxmem=4G | pc-dimm,id=d2,memdev=mem2,label-size=128K | Property 'pc-dimm.label-size' not found",
        "512M,slots=4,maxmem=4G | pc-dimm,id=d2,memdev=mem2,unarmed=on | Property 'pc-dimm.unarmed' not found",
        "512M,slots=4,maxmem=4G | pc-dimm,id=d2,memdev=mem2,reserve-label-data=on | Property 'pc-dimm.reserve-label-data' not found",
        "512M,slots=4,maxmem=4G | pc-dimm,id=d2,memdev=mem2,uuid=12345678-9abc-def0-1234-56789abcdef0 | Property 'pc-dimm.uuid' not found",
        "512M,slots=4,maxmem=4G | nvdimn,id=nv2,memdev=mem2 | 'nvdimn' is not a valid device model name",
        "512M,slots=4,maxmem=4G | nvdimm,id=nv2,memdev=mem2,reserve-label-data=on,label-size=128K | 'reserve-label-data' and 'label-size' cannot be used together: reserve-label-data=on means a label area of 0x20000 bytes"})
    void refusesWithQemusText(String memory, String second, String message) {
        assertThatThrownBy(() -> build(memory, second).close()).isInstanceOf(QemuError.class)
                .hasMessage(message);
    }

    @Test
    void anNvdimmNeedsTheMachineOption() {
        assertThatThrownBy(() -> new MachineFactory(Progress.NONE).build(MachineConfig.parse(CommandLineTokenizer
                .split("-machine pc -m 512M,slots=4,maxmem=4G -object memory-backend-file,id=mem1,share=on,mem-path="
                        + dir.resolve("nv1.img") + ",size=64M -device nvdimm,id=nv1,memdev=mem1"))))
                .hasMessage("nvdimm is not enabled: missing 'nvdimm' in '-M'");
    }

    @Test
    void theEdgesEachRuleAllows() {
        try (Machine m = build(FOUR_SLOTS,
                "nvdimm,id=nv2,memdev=mem2,slot=3,addr=0x2dc000000,unarmed=on,"
                        + "uuid=12345678-9abc-def0-1234-56789abcdef0")) {
            Nvdimm nv2 = m.nvdimms().get(1);
            assertThat(nv2.slot()).as("the last slot").isEqualTo(3);
            assertThat(nv2.nfitHandle()).isEqualTo(4);
            assertThat(nv2.addr()).as("ending exactly at the end of the region").isEqualTo(0x2dc000000L);
            assertThat(nv2.unarmed()).isTrue();
            assertThat(nv2.uuid()).isEqualTo(UUID.fromString("12345678-9abc-def0-1234-56789abcdef0"));
        }
        try (Machine m = build(FOUR_SLOTS,
                "nvdimm,id=nv2,memdev=mem2,label-size=0x3fff000")) {
            assertThat(m.nvdimms().get(1).size()).as("one page of PMEM is enough").isEqualTo(0x1000);
        }
        try (Machine m = build(FOUR_SLOTS, "nvdimm,id=nv2,memdev=mem2,label-size=128K")) {
            assertThat(m.nvdimms().get(1).labelArea().orElseThrow().size()).as("the minimum label area")
                    .isEqualTo(Nvdimm.MIN_LABEL_SIZE);
        }
        try (Machine m = build(FOUR_SLOTS, "nvdimm,id=nv2,memdev=mem2,reserve-label-data=on")) {
            assertThat(m.nvdimms().get(1).labelSize()).isEqualTo(Nvdimm.MIN_LABEL_SIZE);
        }
        try (Machine m = build(FOUR_SLOTS, "nvdimm,id=nv2,memdev=mem2,reserve-label-data=off")) {
            assertThat(m.nvdimms().get(1).labelArea()).isEmpty();
            assertThat(m.nvdimms().get(1).size()).as("the whole backend is PMEM").isEqualTo(64L << 20);
        }
    }
}
