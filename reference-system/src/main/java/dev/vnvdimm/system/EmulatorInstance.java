package dev.vnvdimm.system;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vnvdimm.emulator.QemuError;
import dev.vnvdimm.emulator.chardev.ChardevAddress;
import dev.vnvdimm.emulator.chardev.ChardevServer;
import dev.vnvdimm.emulator.config.MachineConfig;
import dev.vnvdimm.emulator.firmware.Firmware;
import dev.vnvdimm.emulator.hostmem.Progress;
import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.emulator.machine.SystemReset;
import dev.vnvdimm.emulator.migration.IncomingMigration;
import dev.vnvdimm.emulator.migration.MigrationException;
import dev.vnvdimm.emulator.migration.MigrationMonitor;
import dev.vnvdimm.emulator.migration.MigrationUri;
import dev.vnvdimm.emulator.qmp.MachineMonitor;
import dev.vnvdimm.emulator.qmp.QmpMonitor;
import dev.vnvdimm.emulator.qmp.QmpServer;
import dev.vnvdimm.emulator.qmp.RunState;
import dev.vnvdimm.guest.ReferenceGuest;
import dev.vnvdimm.guest.console.SerialConsole;
import dev.vnvdimm.guest.ndctl.CommandResult;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A long-running reference machine as {@code vnvdimm emu} runs it: the machine with its ACPI tables, the
 * reference guest booted on it, a QMP monitor ({@code -qmp}) with the migration commands, the guest's console
 * on a serial socket ({@code -serial}), and with {@code -incoming URI} a destination that waits for a
 * migration and resumes the source's guest; a reset (QMP {@code system_reset}, the guest's {@code reboot -f})
 * boots the guest anew on the same memory; with {@code -incoming defer} it waits without listening until QMP
 * {@code migrate-incoming} names the URI (so the migration's capabilities can be set on it first). It ends on QMP {@code quit} (exit 0), when an incoming migration
 * fails to load (exit 1, as QEMU's destination does, unless {@code migrate-incoming} said
 * {@code exit-on-error: false}), or when killed.
 */
public final class EmulatorInstance implements AutoCloseable {
    /** The QEMU release whose behaviour the reference models, reported in the QMP greeting. */
    public static final String QEMU_VERSION_MODELLED = "7.2.0";

    private final Machine machine;
    private final Path workingDirectory;
    private final PrintWriter log;
    private final MachineMonitor monitor;
    private final MigrationMonitor migration;
    private final List<AutoCloseable> endpoints = new ArrayList<>();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final Optional<QmpServer> qmpServer;
    private volatile ReferenceGuest guest;
    private volatile Closeable incomingStream;
    private volatile Thread incomingLoader;

    private final Progress progress;
    /** The guest's serial console, when the command line has one. */
    private SerialConsole console;

    private EmulatorInstance(Machine machine, Path workingDirectory, PrintWriter log, Progress progress)
            throws IOException {
        this.progress = progress;
        this.machine = machine;
        this.workingDirectory = workingDirectory;
        this.log = log;
        MachineConfig config = machine.config();
        Optional<String> incoming = config.runtimeOption("-incoming");
        boolean startPaused = config.runtimeOption("-S").isPresent();
        RunState initial = incoming.isPresent() ? RunState.INMIGRATE
                : startPaused ? RunState.PRELAUNCH : RunState.RUNNING;
        monitor = new MachineMonitor(machine, new QmpMonitor(QEMU_VERSION_MODELLED), initial);
        migration = new MigrationMonitor(monitor, () -> guest == null ? new byte[0] : guest.saveState(), progress);
        Thread quitWatch = new Thread(() -> {
            try {
                monitor.awaitQuit();
                exit.complete(0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "qmp-quit");
        quitWatch.setDaemon(true);
        quitWatch.start();
        if (initial == RunState.RUNNING) {
            guest = ReferenceSystem.bootGuest(machine, workingDirectory);
        }
        Optional<String> qmp = config.runtimeOption("-qmp");
        qmpServer = qmp.isPresent() ? Optional.of(new QmpServer(monitor.qmp(), ChardevAddress.parse("-qmp", qmp.get())))
                : Optional.empty();
        qmpServer.ifPresent(endpoints::add);
        Optional<String> serial = config.runtimeOption("-serial");
        if (serial.isPresent()) {
            console = new SerialConsole(this::runInGuest);
            endpoints.add(new ChardevServer(ChardevAddress.parse("-serial", serial.get()), "serial", false,
                    console::serve));
        }
        machine.reset().onRequest(() -> {
            // carried out once the guest's current activity has ended; a guest command that asked does it itself
            Thread t = new Thread(() -> {
                if (machine.vcpu().run(this::resetIfRequested)) {
                    console().ifPresent(SerialConsole::announceReady);
                }
            }, "system-reset");
            t.setDaemon(true);
            t.start();
        });
        migration.setIncomingStarter(uri -> {
            try {
                listen(uri, startPaused);
            } catch (MigrationException e) {
                throw e;
            } catch (BindException e) {
                throw new MigrationException("Failed to bind socket: " + e.getMessage()); // QEMU's words
            } catch (IOException e) {
                throw new MigrationException(e.getMessage());
            }
        });
        if (incoming.isPresent() && !incoming.get().equals(DEFER)) {
            try {
                migration.startIncoming(MigrationUri.parse(incoming.get()));
            } catch (MigrationException e) {
                throw new QemuError("-incoming " + incoming.get(), e.getMessage());
            }
        }
    }

    /** {@code -incoming defer}: wait for a migration, but listen only once {@code migrate-incoming} says where. */
    public static final String DEFER = "defer";

    /**
     * Builds and starts the machine a QEMU command line describes.
     *
     * @throws QemuError when the command line is refused, with QEMU's words
     */
    public static EmulatorInstance start(List<String> qemuOptions, Path workingDirectory, PrintWriter log)
            throws IOException {
        Machine machine = ReferenceSystem.powerOn(qemuOptions, Progress.NONE);
        try {
            return new EmulatorInstance(machine, workingDirectory, log, Progress.NONE);
        } catch (IOException | RuntimeException e) {
            machine.close();
            throw e;
        }
    }

    /**
     * Starts an instance around a machine that is already built (the CLI builds it with progress bars);
     * migrations show their progress on {@code progress}.
     */
    public static EmulatorInstance around(Machine machine, Path workingDirectory, PrintWriter log, Progress progress)
            throws IOException {
        Firmware.loadAcpiTables(machine);
        return new EmulatorInstance(machine, workingDirectory, log, progress);
    }

    private void listen(MigrationUri uri, boolean startPaused) throws IOException, MigrationException {
        MigrationUri.Listener listener = uri.listen();
        if (exit.isDone()) {
            listener.close();
            return;
        }
        endpoints.add(listener);
        IncomingMigration in = new IncomingMigration(machine).withProgress(progress);
        migration.setIncoming(in);
        Thread t = new Thread(() -> {
            try (MigrationUri.Connection connection = listener.accept(true)) {
                incomingStream = connection;
                if (exit.isDone()) {
                    return;
                }
                // the multifd capability as set when the source connected (QEMU too wants it set before
                // migrate); without it nothing more connects
                int channels = migration.multifdChannels();
                if (channels == 0) {
                    listener.close();
                }
                in.withMultifd(channels).load(connection, listener);
                guest = ReferenceSystem.resumeGuest(machine, workingDirectory, in.guestState());
                if (startPaused) {
                    monitor.setState(RunState.PAUSED);
                } else {
                    monitor.setState(RunState.RUNNING);
                    machine.vcpu().resume();
                    monitor.qmp().emit("RESUME", null);
                }
                in.writeBack();
            } catch (IOException | RuntimeException e) {
                if (!exit.isDone()) {
                    log.println("vnvdimm: load of migration failed: " + e.getMessage());
                    log.flush();
                    if (migration.exitOnError()) {
                        exit.complete(1);
                    } // else it stays, waiting (inmigrate), and query-migrate reports the failure
                }
            } finally {
                try {
                    listener.close();
                } catch (IOException ignored) {
                    // the stream is loaded or lost either way
                }
            }
        }, "incoming-migration");
        t.setDaemon(true);
        incomingLoader = t;
        t.start();
    }

    /**
     * One guest command, run while the guest's vCPU may run: a paused guest answers once it is continued. A
     * command that reset the machine ({@code reboot -f}) never answers: the guest booted in its place says ready.
     */
    private CommandResult runInGuest(List<String> argv) {
        boolean[] reset = {false};
        CommandResult r = machine.vcpu().run(() -> {
            if (guest == null) {
                guest = ReferenceSystem.bootGuest(machine, workingDirectory); // -S, then cont
            }
            CommandResult result = guest.run(argv);
            reset[0] = resetIfRequested();
            return result;
        });
        if (reset[0]) {
            console().ifPresent(SerialConsole::announceReady);
            throw new SerialConsole.Rebooted();
        }
        return r;
    }

    private Optional<SerialConsole> console() {
        return Optional.ofNullable(console);
    }

    /**
     * Carries out a pending reset, with the guest's vCPU held: QEMU's reset keeps guest memory (and with it what
     * a {@code share=off} backend holds) and the firmware lays the ACPI tables out again; the guest boots anew
     * and probes its NVDIMMs from their labels. With {@code -no-reboot} QEMU shuts down instead. Whether there
     * was one to carry out.
     */
    private boolean resetIfRequested() {
        Optional<SystemReset.Cause> cause = machine.reset().take();
        if (cause.isEmpty() || exit.isDone()) {
            return false;
        }
        ObjectNode event = JsonNodeFactory.instance.objectNode().put("guest", cause.get().guest())
                .put("reason", cause.get().qmpName());
        if (machine.config().runtimeOption("-no-reboot").isPresent()) {
            monitor.setState(RunState.SHUTDOWN);
            monitor.qmp().emit("SHUTDOWN", event);
            exit.complete(0);
            return false;
        }
        Firmware.loadAcpiTables(machine);
        guest = ReferenceSystem.bootGuest(machine, workingDirectory);
        monitor.qmp().emit("RESET", event);
        return true;
    }

    public Machine machine() {
        return machine;
    }

    public MachineMonitor monitor() {
        return monitor;
    }

    public MigrationMonitor migration() {
        return migration;
    }

    /** The QMP socket's bound address, when there is one. */
    public Optional<SocketAddress> qmpAddress() throws IOException {
        return qmpServer.isPresent() ? Optional.of(qmpServer.get().localAddress()) : Optional.empty();
    }

    /** Blocks until the instance ends; its exit status (0 after quit, 1 after a failed incoming migration). */
    public int awaitExit() throws InterruptedException {
        try {
            return exit.get();
        } catch (ExecutionException e) {
            return 1;
        }
    }

    public boolean exited() {
        return exit.isDone();
    }

    /** Ends it at once, as a killed QEMU ends: sockets close mid-stream, nothing is flushed on purpose. */
    @Override
    public void close() {
        exit.complete(137);
        for (AutoCloseable e : endpoints) {
            try {
                e.close();
            } catch (Exception ignored) {
                // closing everything regardless
            }
        }
        // nothing may touch guest memory once it is unmapped: stop the streams, then hold the vCPU
        closeQuietly(incomingStream);
        joinQuietly(incomingLoader);
        var out = migration.outgoing();
        if (out != null) {
            out.cancel();
            try {
                out.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        machine.vcpu().pause();
        machine.close();
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing regardless
            }
        }
    }

    private static void joinQuietly(Thread t) {
        if (t != null) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
