package dev.vnvdimm.harness.targets.qemu;

import dev.vnvdimm.harness.targets.Target;
import dev.vnvdimm.harness.wire.ConsoleClient;
import dev.vnvdimm.harness.wire.QmpClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One real {@code qemu-system-x86_64} running a scenario's command line, with what the harness adds: the kit's
 * Linux guest image ({@code -kernel}, {@code -initrd}), the guest console and QMP on unix sockets in the
 * scenario's directory, {@code -nic none -display none -no-reboot} and the accelerator. A command line QEMU
 * refuses ends the process with status 1 before QMP appears; that is reported as {@link Target.RefusedException}
 * with QEMU's error line.
 */
final class QemuProcess implements AutoCloseable {
    static final Duration QMP_PATIENCE = Duration.ofSeconds(30);
    static final Duration BOOT_PATIENCE = Duration.ofSeconds(90);
    private static final String PROGRAM_PREFIX = "qemu-system-x86_64: ";

    private final String name;
    private final List<String> argv;
    private final Process process;
    private final Path stderr;
    private final Path consoleSocket;
    private final QmpClient qmp;
    private ConsoleClient console;

    private QemuProcess(String name, List<String> argv, Process process, Path stderr, Path consoleSocket, QmpClient qmp) {
        this.name = name;
        this.argv = argv;
        this.process = process;
        this.stderr = stderr;
        this.consoleSocket = consoleSocket;
        this.qmp = qmp;
    }

    static QemuProcess start(QemuBinary qemu, LinuxGuestImage image, String name, List<String> options, Path dir) {
        Path qmpSocket = dir.resolve(name + ".qmp");
        Path consoleSocket = dir.resolve(name + ".console");
        Path stderr = dir.resolve(name + ".stderr");
        List<String> argv = new ArrayList<>();
        argv.add(qemu.path().toString());
        argv.addAll(options);
        if (!options.contains("-accel") && !options.contains("-enable-kvm")) {
            argv.addAll(List.of("-accel", qemu.accelerator(image)));
        }
        argv.addAll(List.of("-kernel", image.kernel().toString(), "-initrd", image.initrd().toString(),
                "-append", "console=ttyS0 panic=-1 quiet", "-nic", "none", "-display", "none", "-no-reboot",
                "-serial", "unix:" + consoleSocket + ",server=on,wait=off",
                "-qmp", "unix:" + qmpSocket + ",server=on,wait=off"));
        try {
            Files.deleteIfExists(qmpSocket);
            Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectError(stderr.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long deadline = System.nanoTime() + QMP_PATIENCE.toNanos();
            while (!Files.exists(qmpSocket)) {
                if (!p.isAlive()) {
                    p.waitFor();
                    throw new Target.RefusedException(errorLine(Files.readString(stderr, StandardCharsets.UTF_8),
                            p.exitValue()));
                }
                if (System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new IllegalStateException("QEMU did not open its QMP socket within "
                            + QMP_PATIENCE.toSeconds() + " s");
                }
                Thread.sleep(20);
            }
            QmpClient qmp = QmpClient.connect("unix:" + qmpSocket, QMP_PATIENCE);
            return new QemuProcess(name, argv, p, stderr, consoleSocket, qmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting QEMU");
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

    synchronized ConsoleClient console() {
        if (console == null) {
            try {
                console = ConsoleClient.connect("unix:" + consoleSocket, BOOT_PATIENCE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return console;
    }

    String stderrText() {
        try {
            return Files.exists(stderr) ? Files.readString(stderr, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The warnings QEMU printed, without the program name and "warning: ". */
    List<String> warnings() {
        return stderrText().lines().filter(l -> l.startsWith(PROGRAM_PREFIX + "warning: "))
                .map(l -> l.substring((PROGRAM_PREFIX + "warning: ").length())).toList();
    }

    Optional<Integer> exitStatus() {
        return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
    }

    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** QMP quit, awaited (QEMU drops a quit whose reply nobody reads), then the process; killed if it lingers. */
    @Override
    public synchronized void close() {
        try {
            if (process.isAlive()) {
                qmp.execute("quit");
            }
        } catch (IOException | RuntimeException e) {
            // already going
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            if (console != null) {
                console.close();
            }
            qmp.close();
        } catch (IOException ignored) {
            // closing regardless
        }
    }
}
