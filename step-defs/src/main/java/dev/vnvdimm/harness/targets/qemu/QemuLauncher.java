package dev.vnvdimm.harness.targets.qemu;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where a {@code qemu-system-x86_64} runs: a local process, or a container holding one Debian release's QEMU.
 * Both see the scenario's directory at the same path, so command lines, backing files and the QMP, console and
 * gdbstub sockets are the same either way.
 */
public interface QemuLauncher {
    /** The QEMU version, e.g. {@code 7.2.22} or {@code 7.2} (a container image's tag). */
    String version();

    /** What runs QEMU, for reports: a path, or an image. */
    String describe();

    /** {@code kvm} or {@code tcg} for this launcher and guest kernel. */
    String accelerator(LinuxGuestImage image);

    /** Starts QEMU with {@code options} (program name excluded) in {@code dir}. */
    Running start(String name, List<String> options, Path dir) throws IOException;

    /** A started QEMU. */
    interface Running {
        /** The command that was run, program (or {@code docker run IMAGE}) first. */
        List<String> command();

        Optional<Integer> exitStatus();

        /** Waits up to {@code patience} for QEMU to end; true when it has. */
        boolean waitFor(Duration patience) throws InterruptedException;

        /** What QEMU printed on standard error so far. */
        String errorOutput();

        /** Ends QEMU now. */
        void kill();

        /** Frees what the launcher holds (a container) once QEMU has ended. */
        default void release() {
        }

        /** How long to wait between polls of {@link #exitStatus()}: cheap for a process, an API call for a container. */
        default Duration pollInterval() {
            return Duration.ofMillis(20);
        }
    }
}
