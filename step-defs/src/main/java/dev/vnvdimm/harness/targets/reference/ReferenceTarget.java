package dev.vnvdimm.harness.targets.reference;

import dev.vnvdimm.emulator.QemuError;
import dev.vnvdimm.emulator.hostmem.Progress;
import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.harness.targets.BootOutcome;
import dev.vnvdimm.harness.targets.Capabilities;
import dev.vnvdimm.harness.targets.HypervisorInstance;
import dev.vnvdimm.harness.targets.Target;
import dev.vnvdimm.system.ReferenceSystem;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The kit's own reference system (emulator and reference guest), in process; a machine a scenario kills runs in a
 * process of its own.
 */
public final class ReferenceTarget implements Target {
    public static final String NAME = "reference";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> capabilities() {
        return Set.of(Capabilities.SEED_WHOLE_FILE_SIZE, Capabilities.SEED_RESERVE_LABEL_DATA,
                Capabilities.MIGRATION_FILE_URI, Capabilities.MIGRATE_INCOMING_CHANNELS,
                Capabilities.MIGRATE_INCOMING_EXIT_ON_ERROR, Capabilities.RAW_GUEST_DSM,
                Capabilities.GUEST_OUTSIDE_RAM, Capabilities.PAGE_UNALIGNED_BACKEND_SIZE,
                Capabilities.BACKEND_FILE_WITHOUT_OFFSET, Capabilities.KIT_WORDS,
                Capabilities.REFUSAL_REMOVES_CREATED_FILE, Capabilities.QAPI_OPTION_WORDS, Capabilities.OBJECT_IN_USE_WORDS, Capabilities.GUEST_READ_FIT_TAP,
                Capabilities.BACKEND_READONLY, Capabilities.PMEM_NON_DAX_DEPRECATION,
                Capabilities.MACHINE_OEM_TABLE_ID, Capabilities.NVDIMM_LABEL_METHODS);
    }

    /** The reference speaks for itself through the kit's commit, which every column's provenance carries. */
    @Override
    public Map<String, String> reportedVersions() {
        return Map.of("emulator", "vnvdimm-kit reference emulator", "guest", "vnvdimm-kit reference guest");
    }

    @Override
    public HypervisorInstance launch(String name, List<String> qemuOptions, Path dir) {
        try {
            return ReferenceInstance.start(name, qemuOptions, dir);
        } catch (QemuError e) {
            throw new RefusedException(e.describe());
        }
    }

    /** The reference system in a JVM of its own, which SIGKILL ends (see {@link ReferenceProcess}). */
    @Override
    public HypervisorInstance launchInOwnProcess(String name, List<String> qemuOptions, Path dir,
                                                 boolean bootForReal, boolean guestMayReboot) {
        return ReferenceProcess.start(name, qemuOptions, dir);
    }

    @Override
    public BootOutcome start(List<String> qemuOptions) {
        try {
            Machine machine = ReferenceSystem.powerOn(qemuOptions, Progress.NONE);
            return new BootOutcome.Started(new ReferenceMachine(machine));
        } catch (QemuError e) {
            return new BootOutcome.Refused(e.describe(), e.getMessage());
        }
    }
}
