package dev.vnvdimm.emulator.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vnvdimm.abi.acpi.AcpiTableHeader;
import dev.vnvdimm.abi.acpi.AcpiTableWalker;
import dev.vnvdimm.abi.acpi.NfitParser;
import dev.vnvdimm.abi.acpi.NfitStructure;
import dev.vnvdimm.abi.qemu.CommandLineTokenizer;
import dev.vnvdimm.emulator.config.MachineConfig;
import dev.vnvdimm.emulator.hostmem.Progress;
import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.emulator.machine.MachineFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Power-on: the firmware lays the tables into guest RAM and an OS-style walk finds them, matching QEMU's. */
class FirmwareTest {
    /** QEMU's bios-tables-test "dimmpxm" command line (golden/qemu-7.2-dimmpxm/README.md), without the disk. */
    static final String DIMMPXM = "-machine %s,nvdimm=on,nvdimm-persistence=cpu -smp 4,sockets=4 -m 128M,slots=3,maxmem=1G "
            + "-object memory-backend-ram,id=ram0,size=32M -object memory-backend-ram,id=ram1,size=32M "
            + "-object memory-backend-ram,id=ram2,size=32M -object memory-backend-ram,id=ram3,size=32M "
            + "-numa node,memdev=ram0,nodeid=0 -numa node,memdev=ram1,nodeid=1 "
            + "-numa node,memdev=ram2,nodeid=2 -numa node,memdev=ram3,nodeid=3 "
            + "-numa cpu,node-id=0,socket-id=0 -numa cpu,node-id=1,socket-id=1 "
            + "-numa cpu,node-id=2,socket-id=2 -numa cpu,node-id=3,socket-id=3 "
            + "-object memory-backend-ram,id=ram4,size=128M -object memory-backend-ram,id=nvm0,size=128M "
            + "-device pc-dimm,id=dimm0,memdev=ram4,node=1 -device nvdimm,id=dimm1,memdev=nvm0,node=2";
    /** Offset of MEMA's DWord in the golden SSDT (slots=3). */
    static final int MEMA = 0x713;

    @TempDir
    Path dir;

    private static Machine build(String commandLine) {
        return new MachineFactory(Progress.NONE).build(MachineConfig.parse(CommandLineTokenizer.split(commandLine)));
    }

    /** A vendored QEMU 7.2 {@code dimmpxm} table: {@code machine} is {@code pc} or {@code q35}, {@code table} a signature. */
    static byte[] golden(String machine, String table) {
        String path = "/golden/qemu-7.2-dimmpxm/" + machine + "/" + table + ".dimmpxm";
        try (InputStream in = FirmwareTest.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pc", "q35"})
    void qemusDimmpxmMachineGetsQemusNfitByteForByteAndItsSsdtWithMemaMasked(String type) {
        try (Machine m = build(String.format(DIMMPXM, type))) {
            Firmware.PlacedTables placed = Firmware.loadAcpiTables(m);
            AcpiTableWalker.Walk walk = Firmware.walk(m);
            assertThat(walk.problems()).isEmpty();
            assertThat(walk.table("NFIT").orElseThrow().bytes()).isEqualTo(golden(type, "NFIT"));
            byte[] ssdt = walk.table("SSDT").orElseThrow().bytes();
            long mema = Integer.toUnsignedLong(ByteBuffer.wrap(ssdt).order(ByteOrder.LITTLE_ENDIAN).getInt(MEMA));
            assertThat(mema).isEqualTo(placed.dsmPage().orElseThrow());
            assertThat(mema % 4096).isZero();
            assertThat(masked(ssdt)).isEqualTo(masked(golden(type, "SSDT")));
        }
    }

    @Test
    void theWalkFindsEveryTableWithValidChecksumsAndTheRsdpInTheBiosArea() {
        try (Machine m = build("-machine q35,nvdimm=on -m 512M,slots=4,maxmem=4G "
                + "-object memory-backend-file,id=mem1,share=on,mem-path=" + dir.resolve("a.img") + ",size=64M "
                + "-device nvdimm,id=nv1,memdev=mem1,label-size=128K")) {
            Firmware.loadAcpiTables(m);
            AcpiTableWalker.Walk walk = Firmware.walk(m);
            assertThat(walk.rsdpAddress()).isBetween(0xE0000L, 0xFFFFFL);
            assertThat(walk.tables()).extracting(AcpiTableWalker.FoundTable::signature)
                    .containsExactly("RSDT", "XSDT", "FACP", "DSDT", "FACS", "SSDT", "NFIT");
            assertThat(walk.tables()).allMatch(AcpiTableWalker.FoundTable::checksumValid);
            // the DSM page is at the top of RAM below 4 GiB
            byte[] ssdt = walk.table("SSDT").orElseThrow().bytes();
            long mema = Integer.toUnsignedLong(ByteBuffer.wrap(ssdt).order(ByteOrder.LITTLE_ENDIAN)
                    .getInt(ssdt.length - 4));
            assertThat(mema).isEqualTo((512L << 20) - 4096);
        }
    }

    @Test
    void severalNvdimmsAppearInTheNfitKeyedByHandle() {
        try (Machine m = build("-machine pc,nvdimm=on -m 512M,slots=8,maxmem=8G "
                + "-object memory-backend-file,id=m1,share=on,mem-path=" + dir.resolve("1.img") + ",size=64M "
                + "-object memory-backend-file,id=m2,share=on,mem-path=" + dir.resolve("2.img") + ",size=32M "
                + "-device nvdimm,id=a,memdev=m1,slot=5,node=0 -device nvdimm,id=b,memdev=m2,unarmed=on")) {
            Firmware.loadAcpiTables(m);
            List<NfitStructure> s = NfitParser.parseTable(Firmware.walk(m).table("NFIT").orElseThrow().bytes())
                    .structures();
            Map<String, NfitStructure> byKey = NfitParser.byKey(s);
            assertThat(byKey).containsKeys("SPA range 12", "SPA range 2");
            assertThat(s).hasSize(6);
        }
    }

    @Test
    void withoutNvdimmOnThereIsNeitherSsdtNorNfit() {
        try (Machine m = build("-machine pc -m 256M")) {
            Firmware.loadAcpiTables(m);
            assertThat(Firmware.walk(m).tables()).extracting(AcpiTableWalker.FoundTable::signature)
                    .containsExactly("RSDT", "XSDT", "FACP", "DSDT", "FACS");
        }
    }

    @Test
    void slotsButNoNvdimmGiveAnSsdtWithoutNfit() {
        try (Machine m = build("-machine pc,nvdimm=on -m 256M,slots=2,maxmem=1G")) {
            Firmware.loadAcpiTables(m);
            assertThat(Firmware.walk(m).table("SSDT")).isPresent();
            assertThat(Firmware.walk(m).table("NFIT")).isEmpty();
        }
    }

    @Test
    void tablesThatDoNotFitInTheBiosAreaAreAnError() {
        try (Machine m = build("-machine pc,nvdimm=on -m 1104K,slots=256,maxmem=1G")) {
            assertThatThrownBy(() -> Firmware.loadAcpiTables(m))
                    .hasMessageStartingWith("ACPI tables do not fit in guest memory");
        }
    }

    private static byte[] masked(byte[] ssdt) {
        byte[] c = Arrays.copyOf(ssdt, ssdt.length);
        Arrays.fill(c, MEMA, MEMA + 4, (byte) 0);
        c[AcpiTableHeader.CHECKSUM] = 0;
        return c;
    }
}
