package dev.vnvdimm.emulator.acpipm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnvdimm.abi.qemu.CommandLineTokenizer;
import dev.vnvdimm.emulator.config.MachineConfig;
import dev.vnvdimm.emulator.hostmem.Progress;
import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.emulator.machine.MachineFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The GPE0 block as the guest drives it over I/O ports, and the SCI level it produces. */
class GpeBlockTest {
    private final SciLine sci = new SciLine("sci");
    private final GpeBlock gpe = new GpeBlock(0xAFE0, 4, sci);
    private final List<Boolean> levels = new CopyOnWriteArrayList<>();

    GpeBlockTest() {
        sci.addListener(levels::add);
    }

    @Test
    void anEventSetsItsStatusBitAndTheSciRisesOnlyOnceItIsEnabled() {
        gpe.raise(GpeBlock.NVDIMM_HOTPLUG_BIT);
        assertThat(gpe.read(0, 1)).isEqualTo(0x10);
        assertThat(sci.isRaised()).isFalse();
        gpe.write(2, 1, 0x10); // enable bit 4
        assertThat(gpe.read(2, 1)).isEqualTo(0x10);
        assertThat(sci.isRaised()).isTrue();
        gpe.write(0, 1, 0x10); // write-1-to-clear
        assertThat(gpe.read(0, 1)).isZero();
        assertThat(sci.isRaised()).isFalse();
        assertThat(levels).containsExactly(true, false);
    }

    @Test
    void statusIsWriteOneToClearBitByBitAndTheLineFollowsStatusAndEnable() {
        gpe.write(2, 2, 0x0018); // enable bits 3 and 4 in a 16-bit write
        gpe.raise(GpeBlock.MEMORY_HOTPLUG_BIT);
        gpe.raise(GpeBlock.NVDIMM_HOTPLUG_BIT);
        assertThat(gpe.read(0, 4)).isEqualTo(0x0018_0018L);
        gpe.write(0, 1, 0x00); // writing 0 clears nothing
        assertThat(gpe.read(0, 1)).isEqualTo(0x18);
        gpe.write(0, 1, 0x08);
        assertThat(gpe.read(0, 1)).isEqualTo(0x10);
        assertThat(sci.isRaised()).isTrue();
        gpe.write(2, 1, 0x08); // bit 4 still pending but no longer enabled
        assertThat(sci.isRaised()).isFalse();
        gpe.write(2, 1, 0x10);
        assertThat(sci.isRaised()).isTrue();
        assertThat(levels).containsExactly(true, false, true);
    }

    @Test
    void theMachinesBlockSitsWhereTheFadtSaysAndNothingAnswersPastIt() {
        try (Machine m = new MachineFactory(Progress.NONE).build(MachineConfig.parse(CommandLineTokenizer.split(
                "-machine q35 -m 128M")))) {
            assertThat(m.ioPorts().read(0xAFE0, 1)).isZero();
            assertThat(m.ioPorts().read(0xAFE2, 1)).isZero();
            assertThat(m.ioPorts().read(0xAFE4, 1)).isEqualTo(0xFF);
            m.ioPorts().write(0xAFE2, 1, 0x10);
            m.gpe().raise(GpeBlock.NVDIMM_HOTPLUG_BIT);
            assertThat(m.sci().isRaised()).isTrue();
            assertThat(m.ioPorts().read(0xAFE0, 1)).isEqualTo(0x10);
            m.ioPorts().write(0xAFE0, 1, 0x10);
            assertThat(m.sci().isRaised()).isFalse();
        }
    }
}
