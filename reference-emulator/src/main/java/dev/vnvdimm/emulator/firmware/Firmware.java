package dev.vnvdimm.emulator.firmware;

import dev.vnvdimm.abi.acpi.AcpiTableWalker;
import dev.vnvdimm.emulator.QemuError;
import dev.vnvdimm.emulator.acpi.AcpiBuild;
import dev.vnvdimm.emulator.acpi.TableBlobs;
import dev.vnvdimm.emulator.machine.Machine;
import java.util.Map;
import java.util.Optional;

/**
 * The guest firmware's ACPI step, as SeaBIOS does it at power-on: take the hypervisor's table blobs and run
 * the table-loader commands into guest RAM — allocate, patch pointers, fix checksums. Afterwards an OS that
 * scans 0xE0000–0xFFFFF for the RSDP finds every table; that is the only way the guest learns about NVDIMMs.
 */
public final class Firmware {
    private Firmware() {
    }

    /** Lays the machine's ACPI tables into its RAM; returns where each blob went. */
    public static PlacedTables loadAcpiTables(Machine machine) {
        TableBlobs blobs = AcpiBuild.build(machine);
        try {
            Map<String, Long> placed = TableLoaderExecutor.run(blobs.fwCfgFiles(), new GuestRamFirmwareMemory(machine));
            return new PlacedTables(blobs, placed);
        } catch (IllegalStateException e) {
            // QEMU's firmware would fail to boot; say which blob did not fit.
            throw new QemuError("ACPI tables do not fit in guest memory: " + e.getMessage());
        }
    }

    /** The tables as an OS finds them in the machine's memory. */
    public static AcpiTableWalker.Walk walk(Machine machine) {
        return new AcpiTableWalker((address, length) -> machine.memoryMap().read(address, length)).walk();
    }

    /** Where the firmware put the blobs. */
    public record PlacedTables(TableBlobs blobs, Map<String, Long> addresses) {
        /** The guest-physical address of the DSM page (what MEMA holds), if there is one. */
        public Optional<Long> dsmPage() {
            return Optional.ofNullable(addresses.get(TableBlobs.NVDIMM_MEM));
        }
    }
}
