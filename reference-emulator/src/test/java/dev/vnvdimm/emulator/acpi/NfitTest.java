package dev.vnvdimm.emulator.acpi;

import dev.vnvdimm.abi.acpi.AcpiTableFormatException;
import dev.vnvdimm.abi.acpi.AcpiTableHeader;
import dev.vnvdimm.abi.acpi.Guids;
import dev.vnvdimm.abi.acpi.Nfit;
import dev.vnvdimm.abi.acpi.NfitNvdimm;
import dev.vnvdimm.abi.acpi.NfitParser;
import dev.vnvdimm.abi.acpi.NfitStructure;
import dev.vnvdimm.abi.acpi.NvdimmPersistence;
import dev.vnvdimm.acpica.Iasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NfitTest {

    /** QEMU's bios-tables-test dimmpxm NVDIMM: {@code -device nvdimm,memdev=nvm0,node=2}, second memory device. */
    static final NfitNvdimm DIMMPXM = new NfitNvdimm(1, 0x1_0800_0000L, 0x800_0000L, 2, false);
    static final String GOLDEN_SHA256 = "6a2f220396b936163a88b786a76ebb93e307b8f45547f0174098d2b99875ea33";

    static final List<NfitNvdimm> THREE = List.of(
            new NfitNvdimm(0, 0x1_0000_0000L, 0x1000_0000L, 0, false),
            new NfitNvdimm(2, 0x1_4000_0000L, 0x0FFE_0000L, 1, true),
            new NfitNvdimm(1, 0x1_1000_0000L, 0x0400_0000L, 3, false));

    @TempDir
    Path scratch;

    @ParameterizedTest
    @ValueSource(strings = {"pc", "q35"})
    void dimmpxmNfitIsByteIdenticalToQemus(String machine) {
        byte[] golden = Golden.dimmpxm(machine, "NFIT");
        assertThat(Golden.sha256(golden)).isEqualTo(GOLDEN_SHA256);

        byte[] built = Nfit.table(List.of(DIMMPXM), Optional.of(NvdimmPersistence.CPU));

        assertThat(HexFormat.of().formatHex(built)).isEqualTo(HexFormat.of().formatHex(golden));
        assertThat(Golden.sha256(built)).isEqualTo(GOLDEN_SHA256);
    }

    @Test
    void theFitIsTheTableAfterHeaderAndReservedBytes() {
        byte[] fit = Nfit.fit(THREE, Optional.of(NvdimmPersistence.MEM_CTRL));
        byte[] table = Nfit.table(THREE, Optional.of(NvdimmPersistence.MEM_CTRL));

        assertThat(fit).hasSize(3 * (56 + 48 + 80) + 16);
        assertThat(table).hasSize(40 + fit.length);
        assertThat(Arrays.copyOfRange(table, 40, table.length)).isEqualTo(fit);
        assertThat(Arrays.copyOfRange(table, 36, 40)).containsOnly(0);
        assertThat(AcpiTableHeader.sum(table, 0, table.length)).isZero();
        assertThat(le(table).getInt(4)).isEqualTo(table.length);
        assertThat(AcpiTableHeader.parse(table)).isEqualTo(AcpiTableHeader.qemu("NFIT", 1));
    }

    @Test
    void eachNvdimmGetsSpaMapAndControlRegionInInputOrderAndCapabilitiesComeLast() {
        List<NfitStructure> parsed = NfitParser.parseFit(Nfit.fit(THREE, Optional.of(NvdimmPersistence.MEM_CTRL)));

        assertThat(parsed).extracting(NfitStructure::type).containsExactly(0, 1, 4, 0, 1, 4, 0, 1, 4, 7);
        assertThat(parsed).extracting(NfitStructure::key).containsExactly(
                "SPA range 2", "memory device handle 1 in SPA range 2", "control region 3",
                "SPA range 6", "memory device handle 3 in SPA range 6", "control region 7",
                "SPA range 4", "memory device handle 2 in SPA range 4", "control region 5",
                "platform capabilities");
    }

    @Test
    void multipleNvdimmsFieldByField() {
        Map<String, NfitStructure> byKey = NfitParser.byKey(
                NfitParser.parseTable(Nfit.table(THREE, Optional.of(NvdimmPersistence.MEM_CTRL))).structures());

        // slot 2: handle 3, SPA index 6, DCR index 7, serial 0x123458, node 1, unarmed
        assertThat(byKey.get("SPA range 6")).isEqualTo(new NfitStructure.SpaRange(6, 0x3, 1,
                UUID.fromString("66F0D379-B4F3-4074-AC43-0D3318B78CDB"), 0x1_4000_0000L, 0x0FFE_0000L, 0x8008));
        assertThat(byKey.get("memory device handle 3 in SPA range 6")).isEqualTo(
                new NfitStructure.MemoryDeviceMap(3, 0, 0, 6, 7, 0x0FFE_0000L, 0, 0, 0, 1, 0x8));
        assertThat(byKey.get("control region 7")).isEqualTo(new NfitStructure.ControlRegion(7, 0x8086, 1, 1,
                0, 0, 0, 0, 0, 0, 0x123458, 0x0301, 0, 0, 0, 0, 0, 0, 0));
        // slot 0: handle 1, SPA index 2, DCR index 3, serial 0x123456, node 0, armed
        assertThat(byKey.get("SPA range 2")).isEqualTo(new NfitStructure.SpaRange(2, 0x3, 0,
                Nfit.SpaRange.PERSISTENT_MEMORY, 0x1_0000_0000L, 0x1000_0000L, 0x8008));
        assertThat(byKey.get("memory device handle 1 in SPA range 2")).isEqualTo(
                new NfitStructure.MemoryDeviceMap(1, 0, 0, 2, 3, 0x1000_0000L, 0, 0, 0, 1, 0));
        assertThat(((NfitStructure.ControlRegion) byKey.get("control region 3")).serialNumber()).isEqualTo(0x123456);
        // slot 1: proximity domain 3
        assertThat(((NfitStructure.SpaRange) byKey.get("SPA range 4")).proximityDomain()).isEqualTo(3);
        assertThat(byKey.get("platform capabilities")).isEqualTo(new NfitStructure.PlatformCapabilities(1, 2));
    }

    @Test
    void unarmedSetsOnlyTheNotArmedStateFlag() {
        byte[] armed = Nfit.fit(List.of(new NfitNvdimm(0, 0x1_0000_0000L, 0x1000_0000L, 0, false)), Optional.empty());
        byte[] unarmed = Nfit.fit(List.of(new NfitNvdimm(0, 0x1_0000_0000L, 0x1000_0000L, 0, true)), Optional.empty());
        int flags = Nfit.SpaRange.SIZE + Nfit.MemoryDeviceMap.FLAGS;

        assertThat(le(armed).getShort(flags)).isEqualTo((short) 0);
        assertThat(le(unarmed).getShort(flags)).isEqualTo((short) 0x0008);
        armed[flags] = 0x08;
        assertThat(unarmed).isEqualTo(armed);
    }

    @Test
    void withoutPersistenceThereIsNoPlatformCapabilitiesStructure() {
        byte[] table = Nfit.table(List.of(DIMMPXM), Optional.empty());
        byte[] golden = Golden.dimmpxm("pc", "NFIT");

        assertThat(table).hasSize(golden.length - Nfit.PlatformCapabilities.SIZE);
        assertThat(Arrays.copyOfRange(table, 10, table.length))
                .isEqualTo(Arrays.copyOfRange(golden, 10, table.length));
        assertThat(NfitParser.parseTable(table).structures()).extracting(NfitStructure::type).containsExactly(0, 1, 4);
    }

    @Test
    void memCtrlCapabilitiesAreTheBytesQemu72Wrote() {
        byte[] fit = Nfit.fit(List.of(), Optional.of(NvdimmPersistence.MEM_CTRL));

        assertThat(HexFormat.of().formatHex(fit)).isEqualTo("07001000010000000200000000000000");
    }

    @Test
    void persistenceOptionParsesAsQemuDoes() {
        assertThat(NvdimmPersistence.parse("cpu")).isEqualTo(NvdimmPersistence.CPU);
        assertThat(NvdimmPersistence.parse("mem-ctrl")).isEqualTo(NvdimmPersistence.MEM_CTRL);
        assertThat(NvdimmPersistence.CPU.capabilities()).isEqualTo(3);
        assertThat(NvdimmPersistence.MEM_CTRL.capabilities()).isEqualTo(2);
        assertThat(NvdimmPersistence.CPU.highestValidCapability()).isEqualTo(1);
        assertThat(NvdimmPersistence.MEM_CTRL.highestValidCapability()).isEqualTo(1);
        assertThat(NvdimmPersistence.MEM_CTRL.optionValue()).isEqualTo("mem-ctrl");
    }

    @ParameterizedTest
    @ValueSource(strings = {"CPU", "mem_ctrl", "", "cpu ", "memory"})
    void anyOtherPersistenceValueIsAnUnsupportedOption(String value) {
        assertThatThrownBy(() -> NvdimmPersistence.parse(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unsupported option");
    }

    @Test
    void identifiersDeriveFromTheSlot() {
        NfitNvdimm d = new NfitNvdimm(7, 0, 0, 0, false);

        assertThat(d.handle()).isEqualTo(8);
        assertThat(d.spaRangeIndex()).isEqualTo(16);
        assertThat(d.controlRegionIndex()).isEqualTo(17);
        assertThat(d.serialNumber()).isEqualTo(0x12345D);
        assertThatThrownBy(() -> new NfitNvdimm(0x7FFF, 0, 0, 0, false)).hasMessageContaining("slot");
        assertThatThrownBy(() -> new NfitNvdimm(0, -1, 0, 0, false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rangeTypeGuidIsStoredInGuidByteOrder() {
        byte[] out = new byte[16];
        Guids.put(out, 0, Nfit.SpaRange.PERSISTENT_MEMORY);

        assertThat(HexFormat.of().formatHex(out)).isEqualTo("79d3f066f3b47440ac430d3318b78cdb");
        assertThat(Guids.get(out, 0)).isEqualTo(Nfit.SpaRange.PERSISTENT_MEMORY);
    }

    @Test
    void parsingTheGoldenTableGivesBackWhatWouldBuildIt() {
        NfitParser.ParsedNfit parsed = NfitParser.parseTable(Golden.dimmpxm("q35", "NFIT"));

        assertThat(parsed.header()).isEqualTo(AcpiTableHeader.qemu("NFIT", 1));
        assertThat(parsed.structures())
                .isEqualTo(Nfit.structures(List.of(DIMMPXM), Optional.of(NvdimmPersistence.CPU)));
        assertThat(Nfit.encode(parsed.structures())).isEqualTo(Nfit.fit(List.of(DIMMPXM), Optional.of(NvdimmPersistence.CPU)));
    }

    @Test
    void aBadChecksumIsReportedAtTheChecksumByte() {
        byte[] table = Golden.dimmpxm("pc", "NFIT");
        table[100]++;

        assertThatThrownBy(() -> NfitParser.parseTable(table))
                .isInstanceOf(AcpiTableFormatException.class)
                .hasMessage("NFIT offset 0x9: bytes sum to 0x1, not 0: bad checksum")
                .extracting(e -> ((AcpiTableFormatException) e).offset()).isEqualTo(9);
    }

    @Test
    void aWrongSignatureOrLengthFieldIsReported() {
        byte[] renamed = Golden.dimmpxm("pc", "NFIT");
        renamed[0] = 'X';
        assertThatThrownBy(() -> NfitParser.parseTable(renamed)).hasMessageContaining("offset 0x0: signature 'XFIT'");

        byte[] cut = Arrays.copyOf(Golden.dimmpxm("pc", "NFIT"), 200);
        assertThatThrownBy(() -> NfitParser.parseTable(cut))
                .hasMessage("NFIT offset 0x4: Length field 240 but the table has 200 bytes");
    }

    @Test
    void aStructureWithTheWrongLengthForItsTypeIsReportedAtItsLengthField() {
        byte[] fit = Nfit.fit(List.of(DIMMPXM), Optional.empty());
        int dcr = Nfit.SpaRange.SIZE + Nfit.MemoryDeviceMap.SIZE;
        fit[dcr + Nfit.Structure.LENGTH] = 32;
        byte[] shortened = Arrays.copyOf(fit, dcr + 32);

        assertThatThrownBy(() -> NfitParser.parseFit(shortened))
                .isInstanceOf(AcpiTableFormatException.class)
                .hasMessage("FIT offset 0x6a: structure length 32, NVDIMM Control Region Structure is 80");
    }

    @Test
    void aStructureRunningPastTheEndAndTrailingBytesAreReported() {
        byte[] fit = Nfit.fit(List.of(DIMMPXM), Optional.empty());
        byte[] truncated = Arrays.copyOf(fit, fit.length - 8);
        assertThatThrownBy(() -> NfitParser.parseFit(truncated))
                .hasMessage("FIT offset 0x6a: type 4 structure of length 80 runs 8 bytes past the end");

        byte[] trailing = Arrays.copyOf(fit, fit.length + 2);
        assertThatThrownBy(() -> NfitParser.parseFit(trailing))
                .hasMessage("FIT offset 0xb8: 2 trailing bytes, too few for a structure's type and length");

        byte[] zeroLength = Arrays.copyOf(fit, fit.length + 4);
        assertThatThrownBy(() -> NfitParser.parseFit(zeroLength))
                .hasMessage("FIT offset 0xba: type 0 structure with length 0");
    }

    @Test
    void structuresOfOtherTypesAreKeptWholeAndWrittenBack() {
        // a Flush Hint Address structure (type 6) with one hint, which QEMU never emits
        byte[] flushHint = HexFormat.of().parseHex("06001800" + "02000000" + "0100" + "000000000000" + "00100000ff000000");
        byte[] fit = new byte[flushHint.length + Nfit.PlatformCapabilities.SIZE];
        System.arraycopy(flushHint, 0, fit, 0, flushHint.length);
        System.arraycopy(Nfit.fit(List.of(), Optional.of(NvdimmPersistence.CPU)), 0, fit, flushHint.length, 16);

        List<NfitStructure> parsed = NfitParser.parseFit(fit);

        assertThat(parsed.get(0)).isEqualTo(new NfitStructure.Unrecognized(6, HexFormat.of().formatHex(flushHint)));
        assertThat(parsed.get(0).length()).isEqualTo(24);
        assertThat(Nfit.encode(parsed)).isEqualTo(fit);
    }

    @Test
    void duplicateIndicesAreRejectedWhenKeying() {
        List<NfitStructure> twice = Nfit.structures(
                List.of(DIMMPXM, new NfitNvdimm(1, 0x2_0000_0000L, 0x100_0000L, 0, false)), Optional.empty());

        assertThatThrownBy(() -> NfitParser.byKey(twice))
                .hasMessage("two NFIT structures with the same key: SPA range 4");
    }

    @Test
    void iaslDisassemblesEveryGeneratedNfitWithoutComplaintAndCompilesItBack() throws Exception {
        assumeTrue(Iasl.TOOL.isInstalled(), Iasl.TOOL::missingReason);
        List<byte[]> tables = List.of(
                Nfit.table(List.of(DIMMPXM), Optional.of(NvdimmPersistence.CPU)),
                Nfit.table(THREE, Optional.of(NvdimmPersistence.MEM_CTRL)),
                Nfit.table(THREE, Optional.empty()),
                Nfit.table(List.of(new NfitNvdimm(0, 0x1_0000_0000L, 0x1000_0000L, 0, true)), Optional.empty()));
        int n = 0;
        for (byte[] table : tables) {
            Path dir = Files.createDirectories(scratch.resolve("t" + n++));
            Iasl.Disassembly d = Iasl.disassemble(dir, table);

            assertThat(d.problems()).as("iasl on\n%s", d.dsl()).isEmpty();
            assertThat(d.dsl()).contains("[NVDIMM Control Region]").contains("Serial Number");
            byte[] back = Iasl.compile(dir, d.dsl(), List.of());
            assertThat(Arrays.copyOfRange(back, AcpiTableHeader.SIZE, back.length))
                    .isEqualTo(Arrays.copyOfRange(table, AcpiTableHeader.SIZE, table.length));
        }
    }

    @Test
    void iaslFlagsABrokenTableSoTheCheckAboveCannotPassVacuously() throws Exception {
        assumeTrue(Iasl.TOOL.isInstalled(), Iasl.TOOL::missingReason);
        byte[] table = Nfit.table(List.of(DIMMPXM), Optional.empty());
        table[AcpiTableHeader.CHECKSUM]++;

        assertThat(Iasl.disassemble(scratch, table).problems()).anyMatch(l -> l.contains("Incorrect checksum"));
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }
}
