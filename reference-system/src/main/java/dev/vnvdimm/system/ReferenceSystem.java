package dev.vnvdimm.system;

import dev.vnvdimm.emulator.QemuError;
import dev.vnvdimm.emulator.config.MachineConfig;
import dev.vnvdimm.emulator.firmware.Firmware;
import dev.vnvdimm.emulator.hostmem.Progress;
import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.emulator.machine.MachineFactory;
import dev.vnvdimm.guest.ReferenceGuest;
import java.nio.file.Path;
import java.util.List;

/**
 * Powering the reference system on, in one place for the CLI, the reference target and {@link EmulatorInstance}:
 * the machine a QEMU command line describes with its ACPI tables laid into guest memory, and the reference guest
 * booted or resumed on it through {@link MachinePlatform}.
 */
public final class ReferenceSystem {
    private ReferenceSystem() {
    }

    /**
     * Builds the machine and lets the firmware lay out its ACPI tables, as they are before the guest's first
     * instruction; building shows its progress (preallocating, copying) on {@code progress}.
     *
     * @throws QemuError when the command line is refused, with QEMU's words; nothing is left open then
     */
    public static Machine powerOn(List<String> qemuOptions, Progress progress) {
        Machine machine = new MachineFactory(progress).build(MachineConfig.parse(qemuOptions));
        try {
            Firmware.loadAcpiTables(machine);
            return machine;
        } catch (RuntimeException e) {
            machine.close();
            throw e;
        }
    }

    /** Boots the reference guest on a powered-on machine; files its commands name are relative to {@code workingDirectory}. */
    public static ReferenceGuest bootGuest(Machine machine, Path workingDirectory) {
        return ReferenceGuest.boot(new MachinePlatform(machine), workingDirectory);
    }

    /** Resumes a guest whose state beyond memory ({@link ReferenceGuest#saveState()}) came with the machine's. */
    public static ReferenceGuest resumeGuest(Machine machine, Path workingDirectory, byte[] savedState) {
        return ReferenceGuest.resume(new MachinePlatform(machine), workingDirectory, savedState);
    }
}
