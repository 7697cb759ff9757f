package dev.vnvdimm.harness.targets.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vnvdimm.abi.acpi.AcpiTableWalker;
import dev.vnvdimm.abi.acpi.PhysicalMemoryReader;
import dev.vnvdimm.abi.qemu.CommandLineTokenizer;
import dev.vnvdimm.emulator.firmware.Firmware;
import dev.vnvdimm.emulator.hostmem.Progress;
import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.system.ReferenceSystem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The QEMU column's tables from guest memory, over a reference machine's memory the firmware has filled. */
class FirmwareAcpiTablesTest {
    private static final Duration PATIENCE = Duration.ofSeconds(5);

    private static Machine machine() {
        return ReferenceSystem.powerOn(CommandLineTokenizer.split("-machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G "
                + "-object memory-backend-ram,id=mem1,size=256M -device nvdimm,id=nv1,memdev=mem1"), Progress.NONE);
    }

    @Test
    void namesTheTablesAsLinuxSysfsDoesWithoutTheRootTablesInNameOrder() {
        try (Machine m = machine()) {
            Map<String, byte[]> tables = new FirmwareAcpiTables((a, n) -> m.memoryMap().read(a, n), PATIENCE)
                    .await(() -> "running");
            assertThat(tables.keySet()).contains("NFIT", "SSDT", "DSDT", "FACP", "FACS")
                    .doesNotContain("RSDT", "XSDT", "RSDP");
            List<String> sorted = new ArrayList<>(tables.keySet());
            sorted.sort(null);
            assertThat(new ArrayList<>(tables.keySet())).isEqualTo(sorted);
            for (AcpiTableWalker.FoundTable t : Firmware.walk(m).tables()) {
                if (tables.containsKey(t.signature())) {
                    assertThat(tables.get(t.signature())).as(t.signature()).isEqualTo(t.bytes());
                }
            }
        }
    }

    @Test
    void waitsUntilTheFirmwareHasInstalledTheTables() {
        try (Machine m = machine()) {
            AtomicInteger reads = new AtomicInteger();
            PhysicalMemoryReader beforeFirmware = (a, n) -> reads.incrementAndGet() < 5 ? new byte[n]
                    : m.memoryMap().read(a, n);
            assertThat(new FirmwareAcpiTables(beforeFirmware, PATIENCE).await(() -> "running")).containsKey("NFIT");
            assertThat(reads.get()).isGreaterThanOrEqualTo(5);
        }
    }

    @Test
    void saysWhatWasMissingAndTheRunStateWhenTheFirmwareNeverInstalledThem() {
        assertThatThrownBy(() -> new FirmwareAcpiTables((a, n) -> new byte[n], Duration.ofMillis(50))
                .await(() -> "paused"))
                .hasMessageContaining("not in guest memory after 50 ms (run state paused)")
                .hasMessageContaining("no RSDP");
    }

    @Test
    void waitsOutATableWhoseChecksumIsNotFixedYet() {
        try (Machine m = machine()) {
            long nfit = Firmware.walk(m).table("NFIT").orElseThrow().address();
            AtomicInteger reads = new AtomicInteger();
            PhysicalMemoryReader checksumPending = (a, n) -> {
                byte[] b = m.memoryMap().read(a, n);
                if (a == nfit && n > 9 && reads.incrementAndGet() < 3) {
                    b[9]++; // the header's checksum byte, before the loader's ADD_CHECKSUM
                }
                return b;
            };
            assertThat(new FirmwareAcpiTables(checksumPending, PATIENCE).await(() -> "running").get("NFIT"))
                    .isEqualTo(Firmware.walk(m).table("NFIT").orElseThrow().bytes());
            assertThat(reads.get()).as("NFIT reads: a second walk").isGreaterThanOrEqualTo(3);
        }
    }
}
