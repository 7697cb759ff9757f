package dev.vnvdimm.harness.targets;

import dev.vnvdimm.harness.wire.ConsoleClient;
import dev.vnvdimm.harness.wire.QmpClient;
import java.util.Optional;

/**
 * A long-running hypervisor started from a QEMU command line, driven only through its sockets as a management
 * tool drives QEMU: QMP for the machine and migration, the serial console for its guest. Scenarios that need
 * two machines at once (migration) use these.
 */
public interface HypervisorInstance extends AutoCloseable {
    /** The scenario's name for it ("source", "destination"). */
    String name();

    /** The command line it was started with, sockets included. */
    String commandLine();

    /** Its QMP monitor, capabilities negotiated. */
    QmpClient qmp();

    /** Its guest's console, connected once the guest is ready (the first call may wait for it to boot). */
    ConsoleClient console();

    /** What the hypervisor printed on its standard error (where a failed incoming migration is reported). */
    String errorOutput();

    /** Its exit status once it has ended by itself, e.g. after a failed incoming migration. */
    Optional<Integer> exitStatus();

    /** Ends it at once, as {@code kill -9} would. */
    void kill();

    @Override
    void close();
}
