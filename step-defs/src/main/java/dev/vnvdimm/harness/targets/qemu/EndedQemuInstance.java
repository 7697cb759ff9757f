package dev.vnvdimm.harness.targets.qemu;

import dev.vnvdimm.harness.targets.HypervisorInstance;
import dev.vnvdimm.harness.wire.ConsoleClient;
import dev.vnvdimm.harness.wire.QmpClient;
import java.util.Optional;

/**
 * A destination QEMU that ended before it answered QMP because it could not load the stream its {@code -incoming}
 * gave it (a saved file that holds no machine is read and refused in milliseconds). That is a destination refusing
 * a migration, not a refused command line: the scenario sees an instance that has exited with QEMU's status and
 * words, and asks no more of it.
 */
record EndedQemuInstance(String name, String commandLine, int status, String errorOutput)
        implements HypervisorInstance {

    /** Thrown by {@link QemuProcess#start} for such a destination; {@link QemuTarget} makes it an ended instance. */
    static final class StreamRefused extends RuntimeException {
        final EndedQemuInstance instance;

        StreamRefused(EndedQemuInstance instance) {
            super(QemuProcess.errorLine(instance.errorOutput(), instance.status()));
            this.instance = instance;
        }
    }

    @Override
    public QmpClient qmp() {
        throw ended();
    }

    @Override
    public ConsoleClient console() {
        throw ended();
    }

    @Override
    public Optional<Integer> exitStatus() {
        return Optional.of(status);
    }

    @Override
    public void kill() {
        // already ended
    }

    @Override
    public void close() {
        // already ended
    }

    private IllegalStateException ended() {
        return new IllegalStateException("the " + name + " QEMU has exited (status " + status + "): "
                + QemuProcess.errorLine(errorOutput, status));
    }
}
