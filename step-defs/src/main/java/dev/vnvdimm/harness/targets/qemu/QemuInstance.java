package dev.vnvdimm.harness.targets.qemu;

import dev.vnvdimm.harness.targets.HypervisorInstance;
import dev.vnvdimm.harness.wire.ConsoleClient;
import dev.vnvdimm.harness.wire.QmpClient;
import java.util.Optional;

/** A long-running real QEMU with the kit's Linux guest, for scenarios that drive two machines (migration). */
final class QemuInstance implements HypervisorInstance {
    private final QemuProcess process;

    QemuInstance(QemuProcess process) {
        this.process = process;
    }

    @Override
    public String name() {
        return process.name();
    }

    @Override
    public String commandLine() {
        return process.commandLine();
    }

    @Override
    public QmpClient qmp() {
        return process.qmp();
    }

    @Override
    public ConsoleClient console() {
        return process.console();
    }

    @Override
    public String errorOutput() {
        return process.stderrText();
    }

    @Override
    public Optional<Integer> exitStatus() {
        return process.exitStatus();
    }

    @Override
    public void kill() {
        process.kill();
    }

    @Override
    public void close() {
        process.close();
    }
}
