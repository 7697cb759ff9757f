package dev.vnvdimm.emulator.acpi;

import dev.vnvdimm.abi.acpi.Facs;
import dev.vnvdimm.abi.acpi.Fadt;

import dev.vnvdimm.abi.acpi.AcpiTableHeader;
import dev.vnvdimm.abi.acpi.NfitNvdimm;
import dev.vnvdimm.abi.acpi.Rsdp;
import dev.vnvdimm.abi.acpi.SystemDescriptionTable;
import dev.vnvdimm.acpica.Iasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BootTablesTest {

    @TempDir
    Path scratch;

    @Test
    void facsIs64BytesWithSignatureLengthAndVersionOnly() {
        byte[] facs = Facs.build();

        assertThat(facs).hasSize(64);
        assertThat(new String(facs, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("FACS");
        assertThat(le(facs).getInt(Facs.LENGTH)).isEqualTo(64);
        assertThat(facs[Facs.VERSION]).isEqualTo((byte) 1);
        byte[] rest = facs.clone();
        Arrays.fill(rest, 0, 8, (byte) 0);
        rest[Facs.VERSION] = 0;
        assertThat(rest).containsOnly(0);
    }

    @Test
    void fadtRevision1PointsAtFacsAndDsdtAndPublishesThePiix4Blocks() {
        byte[] fadt = Fadt.build(Fadt.PmRegisters.PIIX4, 0x7FE0000L, 0x7FE0040L);
        ByteBuffer b = le(fadt);

        assertThat(fadt).hasSize(116);
        assertThat(AcpiTableHeader.parse(fadt)).isEqualTo(AcpiTableHeader.qemu("FACP", 1));
        assertThat(b.getInt(AcpiTableHeader.LENGTH)).isEqualTo(116);
        assertThat(AcpiTableHeader.sum(fadt, 0, fadt.length)).isZero();
        assertThat(b.getInt(Fadt.FIRMWARE_CTRL)).isEqualTo(0x7FE0000);
        assertThat(b.getInt(Fadt.DSDT)).isEqualTo(0x7FE0040);
        assertThat(b.getShort(Fadt.SCI_INT)).isEqualTo((short) 9);
        assertThat(b.getInt(Fadt.PM1A_EVT_BLK)).isEqualTo(0xB000);
        assertThat(fadt[Fadt.PM1_EVT_LEN]).isEqualTo((byte) 4);
        assertThat(b.getInt(Fadt.PM1A_CNT_BLK)).isEqualTo(0xB004);
        assertThat(fadt[Fadt.PM1_CNT_LEN]).isEqualTo((byte) 2);
        assertThat(b.getInt(Fadt.PM_TMR_BLK)).isEqualTo(0xB008);
        assertThat(b.getInt(Fadt.GPE0_BLK)).isEqualTo(0xAFE0);
        assertThat(fadt[Fadt.GPE0_BLK_LEN]).isEqualTo((byte) 4);
        assertThat(b.getInt(Fadt.GPE1_BLK)).isZero();
    }

    @Test
    void fadtRejectsAddressesAbove4GiB() {
        assertThatThrownBy(() -> Fadt.build(Fadt.PmRegisters.PIIX4, 0x1_0000_0000L, 0))
                .hasMessageContaining("FIRMWARE_CTRL");
    }

    @Test
    void rsdtAndXsdtListTheirEntriesInOrder() {
        List<Long> addresses = List.of(0x7FE1000L, 0x7FE2000L, 0x7FE3000L);
        byte[] rsdt = SystemDescriptionTable.RSDT.build(addresses);
        byte[] xsdt = SystemDescriptionTable.XSDT.build(List.of(0x7FE1000L, 0x1_2345_6789L));

        assertThat(rsdt).hasSize(36 + 12);
        assertThat(SystemDescriptionTable.RSDT.entries(rsdt)).isEqualTo(addresses);
        assertThat(le(rsdt).getInt(SystemDescriptionTable.RSDT.entryOffset(2))).isEqualTo(0x7FE3000);
        assertThat(AcpiTableHeader.sum(rsdt, 0, rsdt.length)).isZero();
        assertThat(xsdt).hasSize(36 + 16);
        assertThat(SystemDescriptionTable.XSDT.entries(xsdt)).containsExactly(0x7FE1000L, 0x1_2345_6789L);
        assertThat(le(xsdt).getLong(SystemDescriptionTable.XSDT.entryOffset(1))).isEqualTo(0x1_2345_6789L);
        assertThat(AcpiTableHeader.sum(xsdt, 0, xsdt.length)).isZero();
        assertThatThrownBy(() -> SystemDescriptionTable.RSDT.build(List.of(0x1_0000_0000L))).hasMessageContaining("32 bits");
    }

    @Test
    void rsdpCarriesBothChecksumsAndParsesBack() {
        Rsdp rsdp = Rsdp.qemu(0x7FE2000L, 0x7FE3000L);
        byte[] bytes = rsdp.bytes();

        assertThat(bytes).hasSize(36);
        assertThat(new String(bytes, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("RSD PTR ");
        assertThat(new String(bytes, Rsdp.OEM_ID, 6, StandardCharsets.US_ASCII)).isEqualTo("BOCHS ");
        assertThat(bytes[Rsdp.REVISION]).isEqualTo((byte) 2);
        assertThat(le(bytes).getInt(Rsdp.LENGTH)).isEqualTo(36);
        assertThat(AcpiTableHeader.sum(bytes, 0, 20)).isZero();
        assertThat(AcpiTableHeader.sum(bytes, 0, 36)).isZero();
        assertThat(bytes[Rsdp.CHECKSUM]).isNotZero();
        assertThat(Rsdp.parse(bytes)).isEqualTo(rsdp);
    }

    @Test
    void rsdpParsingNamesTheBrokenChecksum() {
        byte[] bytes = Rsdp.qemu(0x7FE2000L, 0x7FE3000L).bytes();
        bytes[Rsdp.XSDT_ADDRESS]++;
        assertThatThrownBy(() -> Rsdp.parse(bytes)).hasMessage("RSDP offset 0x20: the 36 bytes do not sum to 0");

        bytes[Rsdp.RSDT_ADDRESS]++;
        assertThatThrownBy(() -> Rsdp.parse(bytes)).hasMessage("RSDP offset 0x8: first 20 bytes do not sum to 0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pc", "q35"})
    void sratWithQemusEntriesIsByteIdenticalToTheGoldenDimmpxmSrat(String machine) {
        NfitNvdimm nvdimm = NfitTest.DIMMPXM;
        List<Srat.Entry> entries = List.of(
                Srat.ProcessorApicAffinity.enabled(0, 0), Srat.ProcessorApicAffinity.enabled(1, 1),
                Srat.ProcessorApicAffinity.enabled(2, 2), Srat.ProcessorApicAffinity.enabled(3, 3),
                // below 1 MiB only the first 640 KiB is RAM; node 0's 32 MiB continues from 1 MiB
                new Srat.MemoryAffinity(0, 0, 0xA_0000L, Srat.FLAG_ENABLED),
                new Srat.MemoryAffinity(0, 0x10_0000L, 0x1F0_0000L, Srat.FLAG_ENABLED),
                new Srat.MemoryAffinity(1, 0x200_0000L, 0x200_0000L, Srat.FLAG_ENABLED),
                new Srat.MemoryAffinity(2, 0x400_0000L, 0x200_0000L, Srat.FLAG_ENABLED),
                new Srat.MemoryAffinity(3, 0x600_0000L, 0x200_0000L, Srat.FLAG_ENABLED),
                Srat.nvdimmAffinity(nvdimm),
                // the hot-plug area (maxmem 1G - 128M) belongs to the last node
                new Srat.MemoryAffinity(3, 0x1_0000_0000L, 0xF800_0000L, Srat.FLAG_ENABLED | Srat.FLAG_HOT_PLUGGABLE));

        byte[] srat = Srat.build(entries);

        assertThat(HexFormat.of().formatHex(srat)).isEqualTo(HexFormat.of().formatHex(Golden.dimmpxm(machine, "SRAT")));
    }

    @Test
    void nvdimmAffinityIsEnabledAndNonVolatileInTheDimmsNode() {
        byte[] srat = Srat.build(List.of(Srat.nvdimmAffinity(new NfitNvdimm(0, 0x1_4000_0000L, 0x1000_0000L, 3, false))));
        ByteBuffer b = le(srat);
        int entry = Srat.STRUCTURES;

        assertThat(srat).hasSize(48 + 40);
        assertThat(srat[entry + Srat.TYPE]).isEqualTo((byte) 1);
        assertThat(srat[entry + Srat.LENGTH]).isEqualTo((byte) 40);
        assertThat(b.getInt(entry + Srat.Memory.PROXIMITY_DOMAIN)).isEqualTo(3);
        assertThat(b.getLong(entry + Srat.Memory.BASE_ADDRESS)).isEqualTo(0x1_4000_0000L);
        assertThat(b.getLong(entry + Srat.Memory.RANGE_LENGTH)).isEqualTo(0x1000_0000L);
        assertThat(b.getInt(entry + Srat.Memory.FLAGS)).isEqualTo(0x5);
    }

    @Test
    void sratSplitsAWideProcessorProximityDomain() {
        byte[] srat = Srat.build(List.of(Srat.ProcessorApicAffinity.enabled(7, 0x1234_5678L)));
        int entry = Srat.STRUCTURES;

        assertThat(srat[entry + Srat.ProcessorApic.PROXIMITY_DOMAIN_LOW]).isEqualTo((byte) 0x78);
        assertThat(Arrays.copyOfRange(srat, entry + Srat.ProcessorApic.PROXIMITY_DOMAIN_HIGH, entry + 12))
                .containsExactly(0x56, 0x34, 0x12);
        assertThat(srat[entry + Srat.ProcessorApic.APIC_ID]).isEqualTo((byte) 7);
    }

    @Test
    void iaslDisassemblesEveryBootTableWithoutComplaint() throws Exception {
        assumeTrue(Iasl.TOOL.isInstalled(), Iasl.TOOL::missingReason);
        List<byte[]> tables = List.of(
                Facs.build(),
                Fadt.build(Fadt.PmRegisters.PIIX4, 0x7FE0000L, 0x7FE0040L),
                SystemDescriptionTable.RSDT.build(List.of(0x7FE1000L, 0x7FE2000L)),
                SystemDescriptionTable.XSDT.build(List.of(0x7FE1000L, 0x1_0000_0000L)),
                Srat.build(List.of(Srat.ProcessorApicAffinity.enabled(0, 0),
                        new Srat.MemoryAffinity(0, 0, 0x800_0000L, Srat.FLAG_ENABLED),
                        Srat.nvdimmAffinity(NfitTest.DIMMPXM))));
        int n = 0;
        for (byte[] table : tables) {
            Path dir = Files.createDirectories(scratch.resolve("t" + n++));
            Iasl.Disassembly d = Iasl.disassemble(dir, table);

            assertThat(d.problems()).as("iasl on\n%s\n%s", d.log(), d.dsl()).isEmpty();
            assertThat(d.dsl()).contains("Raw Table Data: Length " + table.length);
            // iasl restamps the creator fields of tables with a standard header; the FACS has none
            int from = new String(table, 0, 4, StandardCharsets.US_ASCII).equals(Facs.SIGNATURE) ? 0 : AcpiTableHeader.SIZE;
            byte[] back = Iasl.compile(dir, d.dsl(), List.of());
            assertThat(Arrays.copyOfRange(back, from, back.length)).isEqualTo(Arrays.copyOfRange(table, from, table.length));
        }
    }

    /**
     * iasl 20200925 refuses to disassemble any RSDP ("does not contain a valid ACPI table"), even one it
     * compiled itself, so the RSDP is checked the other way: iasl's data-table compiler builds an RSDP from
     * the field values and computes both checksums, and the bytes must equal ours.
     */
    @Test
    void iaslCompilesTheSameRsdpFromItsFieldValues() throws Exception {
        assumeTrue(Iasl.TOOL.isInstalled(), Iasl.TOOL::missingReason);
        String fields = String.join("\n",
                "[0008]                          Signature : \"RSD PTR \"",
                "[0001]                           Checksum : 00",
                "[0006]                             Oem ID : \"BOCHS \"",
                "[0001]                           Revision : 02",
                "[0004]                       RSDT Address : 07FE2000",
                "[0004]                             Length : 00000024",
                "[0008]                       XSDT Address : 0000000107FE3000",
                "[0001]                  Extended Checksum : 00",
                "[0003]                           Reserved : 000000", "");

        byte[] byIasl = Iasl.compile(scratch, fields, List.of());

        assertThat(HexFormat.of().formatHex(Rsdp.qemu(0x7FE2000L, 0x1_07FE_3000L).bytes()))
                .isEqualTo(HexFormat.of().formatHex(byIasl));
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }
}
