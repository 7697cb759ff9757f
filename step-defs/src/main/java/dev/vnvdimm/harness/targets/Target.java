package dev.vnvdimm.harness.targets;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A hypervisor the scenarios run against. It turns a QEMU command line into a running machine or an
 * error, and declares which optional capabilities it has; scenarios tagged with a capability it lacks
 * are reported as not applicable on it.
 */
public interface Target {
    /** Short name used in reports and in {@code --target}. */
    String name();

    /** Capability tags (without {@code @}) this target implements, e.g. {@code seed-whole-file-size}. */
    Set<String> capabilities();

    /** The defects of this hypervisor that scenarios tagged {@code @known-defect:ID} expose, by id. */
    default Map<String, KnownDefect> knownDefects() {
        return Map.of();
    }

    /**
     * What the target reported about itself so far in this run (hypervisor version, guest kernel), for the
     * provenance of its column; empty until it has been asked.
     */
    default Map<String, String> reportedVersions() {
        return Map.of();
    }

    /**
     * What the report's environment says of this target: what it reported ({@link #reportedVersions}) and how it
     * runs (for QEMU: its binary or container image, the accelerator, the guest image).
     */
    default Map<String, String> environment() {
        return reportedVersions();
    }

    /** Starts a machine from QEMU options (program name excluded). */
    BootOutcome start(List<String> qemuOptions);

    /**
     * Starts a scenario's machine. A target may bring it up from a state it saved after booting the same command
     * line before (see {@code qemu.SavedMachineStates}) instead of booting it, unless {@code bootForReal}: the
     * scenario is about booting itself. {@code scenarioDirectory} is the folder the scenario's own files are in.
     */
    default BootOutcome start(List<String> qemuOptions, Path scenarioDirectory, boolean bootForReal) {
        return start(qemuOptions);
    }

    /**
     * Starts a long-running instance from QEMU options, adding its QMP and console sockets in {@code dir}.
     *
     * @throws RefusedException when the hypervisor refuses the command line
     */
    HypervisorInstance launch(String name, List<String> qemuOptions, Path dir);

    /** {@link #launch(String, List, Path)}, from a saved booted state where the target may. */
    default HypervisorInstance launch(String name, List<String> qemuOptions, Path dir,
                                      boolean bootForReal) {
        return launch(name, qemuOptions, dir);
    }

    /**
     * {@link #launch(String, List, Path, boolean)} for a machine that may be reset ({@code guestMayReboot}): a
     * hypervisor that otherwise turns a reset into a shutdown (QEMU's {@code -no-reboot}, which the kit uses to
     * see a guest's kernel panic) boots its guest again instead.
     */
    default HypervisorInstance launch(String name, List<String> qemuOptions, Path dir, boolean bootForReal,
                                      boolean guestMayReboot) {
        return launch(name, qemuOptions, dir, bootForReal);
    }

    /**
     * {@link #launch(String, List, Path, boolean, boolean)} for a machine the scenario kills as power loss would
     * end it: the instance is a process of its own, the hypervisor and its guest in it, and its
     * {@link HypervisorInstance#kill()} is SIGKILL to that process. A QEMU always is one; a target that otherwise
     * runs its machines inside the harness's own process starts this one apart.
     */
    default HypervisorInstance launchInOwnProcess(String name, List<String> qemuOptions, Path dir,
                                                  boolean bootForReal, boolean guestMayReboot) {
        return launch(name, qemuOptions, dir, bootForReal, guestMayReboot);
    }

    /** A command line the hypervisor refused, with its error line. */
    final class RefusedException extends RuntimeException {
        public RefusedException(String errorLine) {
            super(errorLine);
        }
    }
}
