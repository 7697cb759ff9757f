package dev.vnvdimm.emulator.firmware;

import dev.vnvdimm.abi.acpi.AcpiTableHeader;
import dev.vnvdimm.abi.acpi.Facs;
import dev.vnvdimm.abi.acpi.Fadt;
import dev.vnvdimm.abi.acpi.Nfit;
import dev.vnvdimm.abi.acpi.NfitNvdimm;
import dev.vnvdimm.abi.acpi.NvdimmPersistence;
import dev.vnvdimm.abi.acpi.Rsdp;
import dev.vnvdimm.abi.acpi.SystemDescriptionTable;
import dev.vnvdimm.abi.acpi.TableLoaderCommand;
import dev.vnvdimm.abi.acpi.TableLoaderCommand.AllocZone;
import dev.vnvdimm.emulator.acpi.Srat;
import dev.vnvdimm.emulator.acpi.TableBlobs;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableLoaderExecutorTest {

    static final long RAM = 128L << 20;
    /** Offset of the MEMA DWord in QEMU's NVDIMM SSDT with slots=3 (spec notes §3.7). */
    static final int MEMA = 0x713;
    static final String T = TableBlobs.TABLES;
    /** The NVDIMM of QEMU's dimmpxm configuration, as its NFIT describes it. */
    static final NfitNvdimm DIMMPXM = new NfitNvdimm(1, 0x1_0800_0000L, 0x800_0000L, 2, false);

    /** Where each table went inside {@code etc/acpi/tables}. */
    record Offsets(int facs, int dsdt, int ssdt, int nfit, int srat, int fadt, int rsdt, int xsdt) {
    }

    /**
     * The dimmpxm configuration's tables composed the way QEMU does: everything but the RSDP in
     * etc/acpi/tables with pointer fields holding offsets, QEMU's SSDT blob with MEMA 0 and a zero checksum, the
     * DSM page, and commands that place, link and checksum them. The DSM page is allocated first, so with
     * 128 MiB this model puts it at 0x7FFF000.
     */
    static TableBlobs dimmpxmBlobs(Map<String, Integer> offsetsOut) {
        TableBlobs.Builder b = TableBlobs.builder()
                .allocate(TableBlobs.NVDIMM_MEM, TableBlobs.NVDIMM_MEM_ALIGNMENT, AllocZone.HIGH)
                .allocate(T, TableBlobs.TABLES_ALIGNMENT, AllocZone.HIGH)
                .allocate(TableBlobs.RSDP, Rsdp.ALIGNMENT, AllocZone.FSEG)
                .file(TableBlobs.NVDIMM_MEM, new byte[TableBlobs.NVDIMM_MEM_SIZE]);
        int facs = b.append(T, Facs.build());
        int dsdt = b.append(T, FirmwareTest.golden("pc", "DSDT"));
        b.addTableChecksum(T, dsdt);
        int ssdt = b.append(T, qemuSsdtBlob());
        b.addPointer(T, ssdt + MEMA, 4, TableBlobs.NVDIMM_MEM).addTableChecksum(T, ssdt);
        int nfit = b.append(T, Nfit.table(List.of(DIMMPXM), Optional.of(NvdimmPersistence.CPU)));
        b.addTableChecksum(T, nfit);
        int srat = b.append(T, Srat.build(List.of(Srat.ProcessorApicAffinity.enabled(0, 0),
                new Srat.MemoryAffinity(0, 0, RAM, Srat.FLAG_ENABLED), Srat.nvdimmAffinity(DIMMPXM))));
        b.addTableChecksum(T, srat);
        int fadt = b.append(T, Fadt.build(Fadt.PmRegisters.PIIX4, facs, dsdt));
        b.addPointer(T, fadt + Fadt.FIRMWARE_CTRL, 4, T).addPointer(T, fadt + Fadt.DSDT, 4, T).addTableChecksum(T, fadt);
        List<Long> listed = List.of((long) fadt, (long) ssdt, (long) nfit, (long) srat);
        int rsdt = b.append(T, SystemDescriptionTable.RSDT.build(listed));
        int xsdt = b.append(T, SystemDescriptionTable.XSDT.build(listed));
        for (int i = 0; i < listed.size(); i++) {
            b.addPointer(T, rsdt + SystemDescriptionTable.RSDT.entryOffset(i), SystemDescriptionTable.RSDT.entrySize(), T);
            b.addPointer(T, xsdt + SystemDescriptionTable.XSDT.entryOffset(i), SystemDescriptionTable.XSDT.entrySize(), T);
        }
        b.addTableChecksum(T, rsdt).addTableChecksum(T, xsdt);
        b.file(TableBlobs.RSDP, Rsdp.qemu(rsdt, xsdt).bytes())
                .addPointer(TableBlobs.RSDP, Rsdp.RSDT_ADDRESS, 4, T)
                .addPointer(TableBlobs.RSDP, Rsdp.XSDT_ADDRESS, 8, T)
                .addChecksum(TableBlobs.RSDP, Rsdp.CHECKSUM, 0, Rsdp.V1_SIZE)
                .addChecksum(TableBlobs.RSDP, Rsdp.EXTENDED_CHECKSUM, 0, Rsdp.SIZE);
        offsetsOut.putAll(Map.of("FACS", facs, "DSDT", dsdt, "SSDT", ssdt, "NFIT", nfit, "SRAT", srat,
                "FACP", fadt, "RSDT", rsdt, "XSDT", xsdt));
        return b.build();
    }

    /** QEMU's SSDT as it sits in etc/acpi/tables before the firmware runs: MEMA 0 and checksum 0. */
    static byte[] qemuSsdtBlob() {
        byte[] ssdt = FirmwareTest.golden("pc", "SSDT");
        Arrays.fill(ssdt, MEMA, MEMA + 4, (byte) 0);
        ssdt[AcpiTableHeader.CHECKSUM] = 0;
        return ssdt;
    }

    @Test
    void afterLoadingTheRsdpIsFoundInTheFSegmentAndLeadsToEveryTableWithAValidChecksum() {
        InMemoryFirmware memory = new InMemoryFirmware(RAM);
        Map<String, Long> placed = TableLoaderExecutor.run(dimmpxmBlobs(new LinkedHashMap<>()).fwCfgFiles(), memory);

        long rsdpAt = scanForRsdp(memory);
        assertThat(rsdpAt).isEqualTo(placed.get(TableBlobs.RSDP));
        Rsdp rsdp = Rsdp.parse(memory.read(rsdpAt, Rsdp.SIZE));

        List<String> viaRsdt = new ArrayList<>();
        for (long a : SystemDescriptionTable.RSDT.entries(checkedTable(memory, rsdp.rsdtAddress(), "RSDT"))) {
            viaRsdt.add(signatureOf(checkedTable(memory, a, null)));
        }
        List<Long> xsdtEntries = SystemDescriptionTable.XSDT.entries(checkedTable(memory, rsdp.xsdtAddress(), "XSDT"));
        assertThat(viaRsdt).containsExactly("FACP", "SSDT", "NFIT", "SRAT");
        assertThat(xsdtEntries).isEqualTo(SystemDescriptionTable.RSDT.entries(memory.read(rsdp.rsdtAddress(), 36 + 16)));

        byte[] fadt = checkedTable(memory, xsdtEntries.get(0), "FACP");
        long facs = Integer.toUnsignedLong(le(fadt).getInt(Fadt.FIRMWARE_CTRL));
        long dsdt = Integer.toUnsignedLong(le(fadt).getInt(Fadt.DSDT));
        assertThat(facs % 64).isZero();
        assertThat(new String(memory.read(facs, 4), StandardCharsets.US_ASCII)).isEqualTo("FACS");
        assertThat(checkedTable(memory, dsdt, "DSDT")).isEqualTo(FirmwareTest.golden("pc", "DSDT"));
    }

    @Test
    void thePlacementsRespectZoneAndAlignment() {
        Map<String, Long> placed = TableLoaderExecutor.run(dimmpxmBlobs(new LinkedHashMap<>()).fwCfgFiles(), new InMemoryFirmware(RAM));

        assertThat(placed.keySet()).containsExactly(TableBlobs.NVDIMM_MEM, T, TableBlobs.RSDP);
        assertThat(placed.get(TableBlobs.NVDIMM_MEM)).isEqualTo(0x7FFF000L);
        assertThat(placed.get(T) % 64).isZero();
        assertThat(placed.get(T)).isBetween(1L << 20, RAM);
        assertThat(placed.get(TableBlobs.RSDP)).isBetween(0xE0000L, 0xFFFFFL - 36);
        assertThat(placed.get(TableBlobs.RSDP) % 16).isZero();
    }

    @Test
    void theSsdtGetsTheDsmPageAddressInMemaAndIsRechecksummed() {
        Map<String, Integer> offsets = new LinkedHashMap<>();
        InMemoryFirmware memory = new InMemoryFirmware(RAM);
        Map<String, Long> placed = TableLoaderExecutor.run(dimmpxmBlobs(offsets).fwCfgFiles(), memory);

        long ssdtAt = placed.get(T) + offsets.get("SSDT");
        byte[] ssdt = checkedTable(memory, ssdtAt, "SSDT");
        assertThat(Integer.toUnsignedLong(le(ssdt).getInt(MEMA))).isEqualTo(placed.get(TableBlobs.NVDIMM_MEM));
        // With the page where SeaBIOS 1.16.2 put it in the live QEMU 7.2 run, the result is QEMU's own golden SSDT.
        assertThat(ssdt).isEqualTo(FirmwareTest.golden("q35", "SSDT"));
        assertThat(memory.read(placed.get(TableBlobs.NVDIMM_MEM), 4096)).containsOnly(0);
    }

    @Test
    void theNfitLandsUnchanged() {
        Map<String, Integer> offsets = new LinkedHashMap<>();
        InMemoryFirmware memory = new InMemoryFirmware(RAM);
        Map<String, Long> placed = TableLoaderExecutor.run(dimmpxmBlobs(offsets).fwCfgFiles(), memory);

        assertThat(memory.read(placed.get(T) + offsets.get("NFIT"), 240)).isEqualTo(FirmwareTest.golden("pc", "NFIT"));
    }

    @Test
    void theCommandsSurviveTheirBinaryForm() {
        TableBlobs blobs = dimmpxmBlobs(new LinkedHashMap<>());
        Map<String, byte[]> fwCfg = blobs.fwCfgFiles();

        assertThat(fwCfg.keySet()).containsExactly(TableBlobs.NVDIMM_MEM, T, TableBlobs.RSDP, TableBlobs.TABLE_LOADER);
        assertThat(fwCfg.get(TableBlobs.TABLE_LOADER)).hasSize(128 * blobs.commands().size());
        assertThat(TableLoaderCommand.decode(fwCfg.get(TableBlobs.TABLE_LOADER))).isEqualTo(blobs.commands());
    }

    @Test
    void addPointerAddsToTheValueAlreadyThere() {
        TableBlobs blobs = TableBlobs.builder()
                .file("dest", HexFormat.of().parseHex("ffff1000000000000000"))
                .file("src", new byte[32])
                .allocate("src", 16, AllocZone.HIGH)
                .allocate("dest", 1, AllocZone.FSEG)
                .addPointer("dest", 2, 8, "src")
                .build();
        InMemoryFirmware memory = new InMemoryFirmware(RAM);

        Map<String, Long> placed = TableLoaderExecutor.run(blobs.fwCfgFiles(), memory);

        long expected = placed.get("src") + 0x10;
        assertThat(le(memory.read(placed.get("dest") + 2, 8)).getLong()).isEqualTo(expected);
        assertThat(memory.read(placed.get("dest"), 2)).containsExactly(0xff, 0xff);
    }

    @Test
    void aPointerThatNoLongerFitsItsFieldStopsTheLoader() {
        TableBlobs blobs = TableBlobs.builder()
                .file("dest", new byte[2]).file("src", new byte[1])
                .allocate("src", 1, AllocZone.HIGH).allocate("dest", 1, AllocZone.HIGH)
                .addPointer("dest", 0, 2, "src")
                .build();

        assertThatThrownBy(() -> TableLoaderExecutor.run(blobs.fwCfgFiles(), new InMemoryFirmware(RAM)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not fit in 2 bytes");
    }

    @Test
    void aMemoryThatIgnoresAlignmentIsCaught() {
        TableBlobs blobs = TableBlobs.builder().file("f", new byte[8]).allocate("f", 4096, AllocZone.HIGH).build();
        FirmwareMemory sloppy = new FirmwareMemory() {
            final InMemoryFirmware ram = new InMemoryFirmware(RAM);

            @Override
            public long allocate(long size, long align, AllocZone zone) {
                return 0x100010;
            }

            @Override
            public void write(long gpa, byte[] bytes) {
                ram.write(gpa, bytes);
            }

            @Override
            public byte[] read(long gpa, int length) {
                return ram.read(gpa, length);
            }
        };

        assertThatThrownBy(() -> TableLoaderExecutor.run(blobs.fwCfgFiles(), sloppy)).hasMessageContaining("misaligned 0x100010");
    }

    @Test
    void aScriptTheFirmwareCannotFollowIsRefused() {
        InMemoryFirmware memory = new InMemoryFirmware(RAM);
        byte[] early = TableLoaderCommand.encode(List.of(new TableLoaderCommand.AddPointer("dest", "src", 0, 4)));
        byte[] outside = TableLoaderCommand.encode(List.of(new TableLoaderCommand.Allocate("dest", 1, AllocZone.HIGH),
                new TableLoaderCommand.AddPointer("dest", "dest", 2, 4)));

        assertThatThrownBy(() -> TableLoaderExecutor.run(Map.of(), memory))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no fw_cfg file etc/table-loader");
        assertThatThrownBy(() -> TableLoaderExecutor.run(Map.of(TableBlobs.TABLE_LOADER, early), memory))
                .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith(": dest is not allocated before this command");
        assertThatThrownBy(() -> TableLoaderExecutor.run(Map.of(TableBlobs.TABLE_LOADER, outside), memory))
                .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith(": no fw_cfg file dest");
        assertThatThrownBy(() -> TableLoaderExecutor.run(Map.of(TableBlobs.TABLE_LOADER, outside, "dest", new byte[4]), memory))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith(": bytes [2, 6) lie outside the 4-byte file dest");
    }

    /** What a legacy OS does: look for "RSD PTR " on 16-byte boundaries of 0xE0000–0xFFFFF (ACPI 6.4 §5.2.5.1). */
    static long scanForRsdp(FirmwareMemory memory) {
        byte[] area = memory.read(0xE0000, 0x20000);
        byte[] signature = Rsdp.SIGNATURE.getBytes(StandardCharsets.US_ASCII);
        for (int at = 0; at + Rsdp.SIZE <= area.length; at += 16) {
            if (Arrays.equals(area, at, at + 8, signature, 0, 8)) {
                return 0xE0000 + at;
            }
        }
        throw new AssertionError("no RSDP in the F-segment");
    }

    /** Reads a table through its Length field and checks its checksum (and signature, when given). */
    static byte[] checkedTable(FirmwareMemory memory, long at, String signature) {
        int length = le(memory.read(at + AcpiTableHeader.LENGTH, 4)).getInt();
        byte[] table = memory.read(at, length);
        if (signature != null) {
            assertThat(signatureOf(table)).isEqualTo(signature);
        }
        assertThat(AcpiTableHeader.sum(table, 0, length)).as("checksum of %s at 0x%x", signatureOf(table), at).isZero();
        return table;
    }

    static String signatureOf(byte[] table) {
        return new String(table, 0, 4, StandardCharsets.US_ASCII);
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }
}
