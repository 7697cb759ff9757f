package dev.vnvdimm.emulator.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vnvdimm.emulator.migration.MachineDescription.Block;
import dev.vnvdimm.emulator.migration.MachineDescription.Device;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The CONFIG check on its own: every mismatch the destination refuses, named with both values. */
class MachineDescriptionTest {
    private static final Device NV1 = new Device("nv1", "nvdimm", 0xFFE0000L, 0x20000, 0, 0x140000000L, 0, false,
            "mem1", 0x10000000L);
    private static final Block RAM = new Block("pc.ram", 0x10000000L, "", true);
    private static final Block MEM1 = new Block("mem1", 0x10000000L, "", true);
    private static final MachineDescription HERE = new MachineDescription("pc", 0x10000000L, true, "",
            List.of(NV1), List.of(RAM, MEM1));

    private static MachineDescription withDevice(Device source) {
        return new MachineDescription("pc", 0x10000000L, true, "", List.of(source), List.of(RAM, MEM1));
    }

    private static Device device(String type, String memdev, long labelSize, long size, int slot, long addr,
                                 int node, boolean unarmed) {
        return new Device("nv1", type, size, labelSize, slot, addr, node, unarmed, memdev, 0x10000000L);
    }

    static Stream<Arguments> deviceMismatches() {
        Device d = NV1;
        return Stream.of(
                Arguments.of(device("pc-dimm", d.memdev(), d.labelSize(), d.size(), d.slot(), d.addr(), d.node(),
                        d.unarmed()), "pc-dimm 'nv1': type pc-dimm on the source, nvdimm here"),
                Arguments.of(device(d.type(), "mem2", d.labelSize(), d.size(), d.slot(), d.addr(), d.node(),
                        d.unarmed()), "nvdimm 'nv1': memdev mem2 on the source, mem1 here"),
                Arguments.of(device(d.type(), d.memdev(), 0x40000, d.size() - 0x20000, d.slot(), d.addr(), d.node(),
                        d.unarmed()), "nvdimm 'nv1': label-size 0x40000 on the source, 0x20000 here"),
                Arguments.of(device(d.type(), d.memdev(), d.labelSize(), 0x7FE0000L, d.slot(), d.addr(), d.node(),
                        d.unarmed()), "nvdimm 'nv1': size 0x7fe0000 on the source, 0xffe0000 here"),
                Arguments.of(device(d.type(), d.memdev(), d.labelSize(), d.size(), 1, d.addr(), d.node(),
                        d.unarmed()), "nvdimm 'nv1': slot 1 on the source, 0 here"),
                Arguments.of(device(d.type(), d.memdev(), d.labelSize(), d.size(), d.slot(), 0x180000000L, d.node(),
                        d.unarmed()), "nvdimm 'nv1': addr 0x180000000 on the source, 0x140000000 here"),
                Arguments.of(device(d.type(), d.memdev(), d.labelSize(), d.size(), d.slot(), d.addr(), 1,
                        d.unarmed()), "nvdimm 'nv1': node 1 on the source, 0 here"),
                Arguments.of(device(d.type(), d.memdev(), d.labelSize(), d.size(), d.slot(), d.addr(), d.node(),
                        true), "nvdimm 'nv1': unarmed true on the source, false here"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("deviceMismatches")
    void everyDevicePropertyTheGuestSeesMustMatch(Device source, String message) {
        assertThatThrownBy(() -> HERE.acceptFrom(withDevice(source))).isInstanceOf(MigrationException.class)
                .hasMessage(message);
    }

    @Test
    void anIdenticalMachineIsAccepted() {
        assertThatCode(() -> HERE.acceptFrom(withDevice(NV1))).doesNotThrowAnyException();
    }

    @Test
    void theMachineTypeAndNvdimmOptionsMustMatch() {
        assertThatThrownBy(() -> HERE.acceptFrom(new MachineDescription("q35", HERE.ramSize(), true, "",
                HERE.devices(), HERE.ramBlocks())))
                .hasMessage("machine type mismatch: the source is q35, this machine is pc");
        assertThatThrownBy(() -> HERE.acceptFrom(new MachineDescription("pc", HERE.ramSize(), true, "cpu",
                HERE.devices(), HERE.ramBlocks())))
                .hasMessage("machine option mismatch: nvdimm=on,nvdimm-persistence=cpu on the source, "
                        + "nvdimm=on,nvdimm-persistence= here");
        assertThatThrownBy(() -> HERE.acceptFrom(new MachineDescription("pc", HERE.ramSize(), false, "",
                HERE.devices(), HERE.ramBlocks())))
                .hasMessage("machine option mismatch: nvdimm=off,nvdimm-persistence= on the source, "
                        + "nvdimm=on,nvdimm-persistence= here");
    }

    @Test
    void aBlockOrDeviceOnlyThisSideHasIsRefusedToo() {
        assertThatThrownBy(() -> HERE.acceptFrom(new MachineDescription("pc", HERE.ramSize(), true, "",
                HERE.devices(), List.of(RAM))))
                .hasMessage("ramblock \"mem1\" exists here but not on the source");
        assertThatThrownBy(() -> HERE.acceptFrom(new MachineDescription("pc", HERE.ramSize(), true, "",
                List.of(), HERE.ramBlocks())))
                .hasMessage("device 'nv1' (nvdimm) exists here but not on the source");
    }

    @Test
    void aDeviceOnlyThisSideHasIsRefusedWhateverElseTheSourceHas() {
        Device nv2 = new Device("nv2", "nvdimm", 0xFFE0000L, 0x20000, 1, 0x150000000L, 0, false, "mem1", 0x10000000L);
        MachineDescription here = new MachineDescription("pc", 0x10000000L, true, "", List.of(NV1, nv2),
                List.of(RAM, MEM1));
        assertThatThrownBy(() -> here.acceptFrom(new MachineDescription("pc", 0x10000000L, true, "", List.of(nv2),
                List.of(RAM, MEM1)))).hasMessage("device 'nv1' (nvdimm) exists here but not on the source");
    }

    @Test
    void anUnsentBlockMustBeTheSameSharedFileHere() {
        MachineDescription shared = new MachineDescription("pc", HERE.ramSize(), true, "", HERE.devices(),
                List.of(RAM, new Block("mem1", MEM1.size(), "2049:17", true)));
        MachineDescription unsent = new MachineDescription("pc", HERE.ramSize(), true, "", HERE.devices(),
                List.of(RAM, new Block("mem1", MEM1.size(), "2049:17", false)));
        assertThatCode(() -> shared.acceptFrom(unsent)).doesNotThrowAnyException();
        assertThatCode(() -> HERE.acceptFrom(shared)).as("a sent block may be any file").doesNotThrowAnyException();
        assertThatThrownBy(() -> HERE.acceptFrom(unsent)).hasMessage("x-ignore-shared: ramblock \"mem1\" is not "
                + "backed by the same shared file here (not a shared file, source file 2049:17)");
        MachineDescription otherFile = new MachineDescription("pc", HERE.ramSize(), true, "", HERE.devices(),
                List.of(RAM, new Block("mem1", MEM1.size(), "2049:18", true)));
        assertThatThrownBy(() -> otherFile.acceptFrom(unsent)).hasMessage("x-ignore-shared: ramblock \"mem1\" is "
                + "not backed by the same shared file here (file 2049:18, source file 2049:17)");
    }

    @Test
    void travelsAsJsonAndAnUnreadableConfigIsRefused() throws Exception {
        assertThat(MachineDescription.fromJson(HERE.toJson())).isEqualTo(HERE);
        assertThatThrownBy(() -> MachineDescription.fromJson("{\"machineType\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MigrationException.class).hasMessageStartingWith("unreadable CONFIG section: ");
    }

    /** Found by IncomingMigrationFuzzTest: a CONFIG without ramBlocks ended in a NullPointerException. */
    @Test
    void aConfigWithAMemberMissingOrNullIsUnreadableAndNamesIt() throws Exception {
        String whole = new String(HERE.toJson(), StandardCharsets.UTF_8);
        String noBlocks = whole.replaceFirst(",\"ramBlocks\":\\[.*\\]", "");
        assertThatThrownBy(() -> MachineDescription.fromJson(noBlocks.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MigrationException.class).hasMessageContaining("'ramBlocks'");
        for (String broken : List.of(whole.replace("\"machineType\":\"pc\"", "\"machineType\":null"),
                whole.replaceFirst("\\{\"id\":\"pc.ram\"", "null,{\"id\":\"pc.ram\""),
                whole.replace("\"slot\":0", "\"slot\":null"), "null")) {
            assertThatThrownBy(() -> MachineDescription.fromJson(broken.getBytes(StandardCharsets.UTF_8)))
                    .as(broken).isInstanceOf(MigrationException.class)
                    .hasMessageStartingWith("unreadable CONFIG section: ");
        }
    }
}
