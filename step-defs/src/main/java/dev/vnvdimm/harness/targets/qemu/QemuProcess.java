package dev.vnvdimm.harness.targets.qemu;

import dev.vnvdimm.harness.targets.Target;
import dev.vnvdimm.harness.wire.ConsoleClient;
import dev.vnvdimm.harness.wire.QmpClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One real {@code qemu-system-x86_64} running a scenario's command line, with what the harness adds: the kit's
 * Linux guest image ({@code -kernel}, {@code -initrd}), the guest console and QMP on unix sockets in the
 * scenario's directory, {@code -nic none -display none -no-reboot} (unless the scenario resets the machine) and
 * the accelerator. A command line QEMU
 * refuses ends the process with status 1 before QMP appears; that is reported as {@link Target.RefusedException}
 * with QEMU's error line.
 */
final class QemuProcess implements AutoCloseable {
    static final Duration QMP_PATIENCE = Duration.ofSeconds(30);
    static final Duration BOOT_PATIENCE = Duration.ofSeconds(90);
    private static final String PROGRAM_PREFIX = "qemu-system-x86_64: ";

    private final String name;
    private final List<String> argv;
    private final QemuLauncher.Running process;
    private final Path consoleSocket;
    private final QmpClient qmp;
    private ConsoleClient console;
    /** The console of a machine started {@code -incoming}, connected at once so its guest's every word is heard. */
    private ConsoleClient.Early earlyConsole;
    private Runnable onGuestUsed = () -> { };

    private QemuProcess(String name, List<String> argv, QemuLauncher.Running process, Path consoleSocket, QmpClient qmp) {
        this.name = name;
        this.argv = argv;
        this.process = process;
        this.consoleSocket = consoleSocket;
        this.qmp = qmp;
    }

    /** How long one connection attempt to a fresh QEMU's QMP socket retries before its exit is looked for. */
    private static final Duration CONNECT_ATTEMPT = Duration.ofMillis(100);

    /**
     * The guest kernel's command line. {@code no_timer_check}: Linux times its check that the 8254 timer reaches
     * the IO-APIC, and on a loaded TCG host the check can fail and panic the boot ("IO-APIC + timer doesn't
     * work!", seen on QEMU 11.1 under load); virtual machines' kernels commonly skip it. {@code cryptomgr.notests}:
     * the crypto algorithms' self-tests take about 0.6 s of a 3-s boot under TCG and test nothing of the NVDIMM.
     * {@code initcall_blacklist}: two more self-tests that flag does not reach, the SP 800-108 KDF's (about 0.3–0.4
     * s on Linux 6.1 and 6.12) and the jitter-entropy RNG module's (about 0.3 s on 6.12), measured with
     * {@code initcall_debug}; nothing the guest does with an NVDIMM uses either (the kernel's own random pool does
     * not need the module). Kernels without them ignore the names.
     */
    static final String KERNEL_COMMAND_LINE = "console=ttyS0 panic=-1 quiet no_timer_check cryptomgr.notests "
            + "initcall_blacklist=crypto_kdf108_init,jent_mod_init";

    static QemuProcess start(QemuLauncher qemu, LinuxGuestImage image, String name, List<String> options, Path dir) {
        return start(qemu, image, name, options, dir, false);
    }

    /**
     * {@link #start(QemuLauncher, LinuxGuestImage, String, List, Path)}, for a machine the scenario resets when
     * {@code guestMayReboot}: then without {@code -no-reboot}, with which QEMU turns a guest's reboot and QMP
     * {@code system_reset} into a shutdown. A kernel panic ({@code panic=-1} reboots) is still seen: the guest
     * console fails on Linux's panic message.
     */
    static QemuProcess start(QemuLauncher qemu, LinuxGuestImage image, String name, List<String> options, Path dir,
                             boolean guestMayReboot) {
        Path qmpSocket = dir.resolve(name + ".qmp");
        Path consoleSocket = dir.resolve(name + ".console");
        List<String> argv = new ArrayList<>(options);
        if (!options.contains("-accel") && !options.contains("-enable-kvm")) {
            argv.addAll(List.of("-accel", qemu.accelerator(image)));
        }
        argv.addAll(List.of("-kernel", image.kernelFor(options).toString(), "-initrd", image.initrd().toString(),
                "-append", KERNEL_COMMAND_LINE, "-nic", "none", "-display", "none"));
        if (!guestMayReboot) {
            argv.add("-no-reboot");
        }
        argv.addAll(List.of("-serial", "unix:" + consoleSocket + ",server=on,wait=off",
                "-qmp", "unix:" + qmpSocket + ",server=on,wait=off"));
        QemuLauncher.Running p = null;
        try {
            Files.deleteIfExists(qmpSocket);
            p = qemu.start(name, argv, dir);
            long deadline = System.nanoTime() + QMP_PATIENCE.toNanos();
            while (!Files.exists(qmpSocket)) {
                throwIfRefused(p, name, options);
                if (System.nanoTime() > deadline) {
                    p.kill();
                    p.release();
                    throw new IllegalStateException("QEMU did not open its QMP socket within "
                            + QMP_PATIENCE.toSeconds() + " s");
                }
                Thread.sleep(p.pollInterval().toMillis());
            }
            // QEMU opens its QMP socket before it realizes devices, so a refused device ends it right after, and
            // its socket file stays: short connection attempts (a refused connect is retried for that long), watching
            // for that exit in between; a second-long attempt made every refused device cost a second
            QmpClient qmp = null;
            while (qmp == null) {
                try {
                    qmp = QmpClient.connect("unix:" + qmpSocket, CONNECT_ATTEMPT, QMP_PATIENCE);
                } catch (IOException e) {
                    throwIfRefused(p, name, options);
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                }
            }
            QemuProcess started = new QemuProcess(name, p.command(), p, consoleSocket, qmp);
            if (options.contains("-incoming")) {
                try {
                    started.earlyConsole = ConsoleClient.connectEarly("unix:" + consoleSocket, Duration.ofSeconds(5));
                } catch (IOException e) {
                    // then the console connects when the guest is first used, as for any machine
                }
            }
            return started;
        } catch (IOException e) {
            if (p != null) {
                p.kill();
                p.release();
            }
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (p != null) {
                p.kill();
                p.release();
            }
            throw new IllegalStateException("interrupted while starting QEMU");
        }
    }

    /**
     * A QEMU that has ended before answering QMP refused its command line: its error line, as a refusal. But a
     * destination started with {@code -incoming URI} may have read its whole stream and refused it that fast
     * ("load of migration failed", QEMU 5.2 to 11.1): that ends as a destination refusing a migration.
     */
    private static void throwIfRefused(QemuLauncher.Running p, String name, List<String> options) {
        Optional<Integer> exit = p.exitStatus();
        if (exit.isPresent()) {
            String errors = p.errorOutput();
            p.release();
            int incoming = options.indexOf("-incoming");
            if (incoming >= 0 && incoming + 1 < options.size() && !options.get(incoming + 1).equals("defer")
                    && errors.contains(PROGRAM_PREFIX + "load of migration failed")) {
                throw new EndedQemuInstance.StreamRefused(new EndedQemuInstance(name, String.join(" ", p.command()),
                        exit.get(), errors));
            }
            throw new Target.RefusedException(errorLine(errors, exit.get()));
        }
    }

    /** QEMU's last error line without the program name, or the exit status when it printed none. */
    static String errorLine(String stderrText, int exit) {
        List<String> errors = stderrText.lines().filter(l -> l.startsWith(PROGRAM_PREFIX))
                .map(l -> l.substring(PROGRAM_PREFIX.length())).filter(l -> !l.startsWith("warning:")).toList();
        return errors.isEmpty() ? "QEMU exited with status " + exit : errors.get(errors.size() - 1);
    }

    String name() {
        return name;
    }

    String commandLine() {
        return String.join(" ", argv);
    }

    QmpClient qmp() {
        return qmp;
    }

    /** Runs {@code action} once, when the harness first talks to the guest: the machine's guest was used. */
    synchronized void onGuestUsed(Runnable action) {
        this.onGuestUsed = action;
    }

    synchronized ConsoleClient console() {
        if (console == null) {
            onGuestUsed.run();
            try {
                console = earlyConsole != null ? earlyConsole.awaitReady(BOOT_PATIENCE)
                        : ConsoleClient.connect("unix:" + consoleSocket, BOOT_PATIENCE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return console;
    }

    String stderrText() {
        return process.errorOutput();
    }

    /**
     * The warnings QEMU printed, without the program name and "warning: ": its warn_report lines, and the lines
     * it prints itself starting "Warning: " (without that), such as qemu_ram_mmap's when MAP_SYNC fails.
     */
    List<String> warnings() {
        return warningsIn(stderrText());
    }

    /**
     * The warnings in QEMU's standard error. A warn_report made while QEMU reads an option names that option
     * between the program name and "warning: " ({@code -device nvdimm,...: warning: the alignment ...}); the
     * option is left out, as the error of a refusal keeps it apart.
     */
    static List<String> warningsIn(String stderrText) {
        List<String> out = new ArrayList<>();
        for (String l : stderrText.lines().toList()) {
            if (l.startsWith(OWN_WARNING_PREFIX)) {
                out.add(l.substring(OWN_WARNING_PREFIX.length()));
            } else if (l.startsWith(PROGRAM_PREFIX)) {
                String rest = l.substring(PROGRAM_PREFIX.length());
                int at = rest.startsWith(WARNING_PREFIX) ? 0
                        : rest.startsWith("-") ? rest.indexOf(": " + WARNING_PREFIX) + 2 : -1;
                if (at >= 0 && rest.startsWith(WARNING_PREFIX, at)) {
                    out.add(rest.substring(at + WARNING_PREFIX.length()));
                }
            }
        }
        return out;
    }

    private static final String WARNING_PREFIX = "warning: ";
    private static final String OWN_WARNING_PREFIX = "Warning: ";

    Optional<Integer> exitStatus() {
        return process.exitStatus();
    }

    /** How long a QEMU whose connection broke may take to be reaped, however loaded the machine is. */
    static final Duration EXIT_PATIENCE = Duration.ofSeconds(30);

    /**
     * After a connection to QEMU broke: its exit status once it has ended — waited for as a condition (up to
     * {@link #EXIT_PATIENCE}), never guessed from a short sleep — or empty when it is still running.
     */
    Optional<Integer> exitAfterBrokenConnection() {
        try {
            process.waitFor(EXIT_PATIENCE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return process.exitStatus();
    }

    void kill() {
        process.kill();
        try {
            process.waitFor(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** QMP quit, awaited (QEMU drops a quit whose reply nobody reads), then the process; killed if it lingers. */
    @Override
    public synchronized void close() {
        try {
            if (process.exitStatus().isEmpty()) {
                qmp.execute("quit");
            }
        } catch (IOException | RuntimeException e) {
            // already going
        }
        try {
            if (!process.waitFor(Duration.ofSeconds(10))) {
                process.kill();
                process.waitFor(Duration.ofSeconds(10));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.kill();
        }
        process.release();
        try {
            if (console != null) {
                console.close();
            } else if (earlyConsole != null) {
                earlyConsole.close();
            }
            qmp.close();
        } catch (IOException ignored) {
            // closing regardless
        }
    }
}
