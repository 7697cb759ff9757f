package dev.vnvdimm.abi.acpi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The NFIT (ACPI 6.4 §5.2.25) against two tools: QEMU 7.2's own table for its bios-tables-test "dimmpxm" case
 * (one 128 MiB NVDIMM in slot 1 at 0x108000000, NUMA node 2, nvdimm-persistence=cpu; see the golden README),
 * and iasl's NFIT template, which has one structure of every type. Expected values are the ones
 * {@code iasl -d} prints for the QEMU table and the template source states.
 */
class NfitVectorsTest {
    private static final long MIB = 1 << 20;
    private static final NfitNvdimm DIMMPXM_NVDIMM = new NfitNvdimm(1, 0x1_0800_0000L, 128 * MIB, 2, false);

    @ParameterizedTest
    @ValueSource(strings = {"pc", "q35"})
    void buildsQemusTableByteForByte(String machine) {
        byte[] qemu = Vectors.qemuDimmpxm(machine, "NFIT");

        byte[] built = Nfit.table(List.of(DIMMPXM_NVDIMM), Optional.of(NvdimmPersistence.CPU));

        assertThat(built).isEqualTo(qemu);
    }

    @Test
    void buildsUnarmedAndMemCtrlAsIaslCompilesTheEditedQemuTable() {
        byte[] iasl = Vectors.bytes("nfit-qemu-memctrl-unarmed.aml");
        NfitNvdimm unarmed = new NfitNvdimm(1, 0x1_0800_0000L, 128 * MIB, 2, true);

        byte[] built = Nfit.table(List.of(unarmed), Optional.of(NvdimmPersistence.MEM_CTRL));

        assertThat(SystemDescriptionTablesTest.underHeaderOf(iasl, built)).isEqualTo(iasl);
        NfitParser.ParsedNfit parsed = NfitParser.parseTable(iasl);
        assertThat(((NfitStructure.MemoryDeviceMap) parsed.structures().get(1)).flags())
                .isEqualTo(Nfit.MemoryDeviceMap.FLAG_NOT_ARMED);
        assertThat(parsed.structures().get(3)).isEqualTo(new NfitStructure.PlatformCapabilities(1,
                Nfit.PlatformCapabilities.MEMORY_CONTROLLER_FLUSH));
    }

    @Test
    void buildsNoCapabilitiesStructureWithoutPersistence() {
        byte[] iasl = Vectors.bytes("nfit-qemu-no-persistence.aml");

        byte[] built = Nfit.table(List.of(DIMMPXM_NVDIMM), Optional.empty());

        assertThat(SystemDescriptionTablesTest.underHeaderOf(iasl, built)).isEqualTo(iasl);
        assertThat(NfitParser.parseTable(iasl).structures()).extracting(NfitStructure::type)
                .containsExactly(Nfit.SpaRange.STRUCTURE_TYPE, Nfit.MemoryDeviceMap.STRUCTURE_TYPE,
                        Nfit.ControlRegion.STRUCTURE_TYPE);
    }

    @Test
    void parsesQemusTableFieldByField() {
        NfitParser.ParsedNfit nfit = NfitParser.parseTable(Vectors.qemuDimmpxm("pc", "NFIT"));

        assertThat(nfit.header()).isEqualTo(new AcpiTableHeader("NFIT", 1, "BOCHS ", "BXPC    ", 1, "BXPC", 1));
        assertThat(nfit.structures()).containsExactly(
                new NfitStructure.SpaRange(4, 0x3, 2, UUID.fromString("66F0D379-B4F3-4074-AC43-0D3318B78CDB"),
                        0x1_0800_0000L, 0x800_0000L, 0x8008),
                new NfitStructure.MemoryDeviceMap(2, 0, 0, 4, 5, 0x800_0000L, 0, 0, 0, 1, 0),
                new NfitStructure.ControlRegion(5, 0x8086, 0x0001, 0x0001, 0, 0, 0, 0, 0, 0, 0x123457, 0x0301,
                        0, 0, 0, 0, 0, 0, 0),
                new NfitStructure.PlatformCapabilities(1, 0x3));
    }

    @Test
    void parsesIaslsTemplateFieldByField() {
        NfitParser.ParsedNfit nfit = NfitParser.parseTable(Vectors.bytes("nfit-template.aml"));

        assertThat(nfit.header()).isEqualTo(new AcpiTableHeader("NFIT", 1, "INTEL ", "Template", 1, "INTL", 0x20200925L));
        List<NfitStructure> s = nfit.structures();
        assertThat(s).extracting(NfitStructure::type).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(s).extracting(NfitStructure::length)
                .containsExactly(0x38, 0x30, 0x20, 0x28, 0x50, 0x28, 0x20, 0x10);
        assertThat(s.get(0)).isEqualTo(new NfitStructure.SpaRange(1, 0, 0,
                UUID.fromString("91AF0530-5D86-470E-A6B0-0A2DB9408249"), 0x3_7C00_0000L, 0xC00_0000L, 0x8));
        assertThat(s.get(1)).isEqualTo(new NfitStructure.MemoryDeviceMap(1, 4, 0, 1, 1, 0x400_0000L, 0,
                0x800_0000L, 1, 3, 0x2A));
        assertThat(s.get(4)).isEqualTo(new NfitStructure.ControlRegion(1, 0x8086, 0x2017, 0x0001, 0x8086, 0x2017,
                0x0001, 0, 0, 0, 0x76540089L, 0x0301, 0x0100, 0x2000, 0x80_0000, 0x8, 0x80_1000, 0x4, 0));
        assertThat(s.get(7)).isEqualTo(new NfitStructure.PlatformCapabilities(0, 0x5));
        assertThat(s.subList(2, 4)).allMatch(x -> x instanceof NfitStructure.Unrecognized);
        assertThat(s.subList(5, 7)).allMatch(x -> x instanceof NfitStructure.Unrecognized);
    }

    @Test
    void reencodesIaslsTemplateByteForByte() {
        byte[] iasl = Vectors.bytes("nfit-template.aml");
        NfitParser.ParsedNfit nfit = NfitParser.parseTable(iasl);

        assertThat(Nfit.table(nfit.header(), Nfit.encode(nfit.structures()))).isEqualTo(iasl);
    }

    @Test
    void rangeTypeGuidIsStoredInGuidByteOrder() {
        byte[] qemu = Vectors.qemuDimmpxm("pc", "NFIT");
        int spa = Nfit.STRUCTURES;
        byte[] written = new byte[Guids.SIZE];

        Guids.put(written, 0, Nfit.SpaRange.PERSISTENT_MEMORY);

        assertThat(Guids.get(qemu, spa + Nfit.SpaRange.RANGE_TYPE_GUID)).isEqualTo(Nfit.SpaRange.PERSISTENT_MEMORY);
        assertThat(Arrays.copyOfRange(qemu, spa + Nfit.SpaRange.RANGE_TYPE_GUID,
                spa + Nfit.SpaRange.RANGE_TYPE_GUID + Guids.SIZE)).isEqualTo(written);
    }
}
