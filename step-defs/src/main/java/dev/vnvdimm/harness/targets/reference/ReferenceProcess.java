package dev.vnvdimm.harness.targets.reference;

import dev.vnvdimm.harness.targets.HypervisorInstance;
import dev.vnvdimm.harness.targets.Target;
import dev.vnvdimm.harness.wire.ConsoleClient;
import dev.vnvdimm.harness.wire.QmpClient;
import dev.vnvdimm.system.EmulatorMain;
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
 * The reference system in a JVM of its own ({@link EmulatorMain}), reached through its QMP and console sockets as
 * the in-process {@link ReferenceInstance} is, but a process that {@link #kill()} ends with SIGKILL: the emulator,
 * its guest and whatever either had in flight go at once, as a killed QEMU's do, and what survives is what the
 * backing files hold. The child runs on this JVM's own class path; standard error goes to a file in the folder.
 */
final class ReferenceProcess implements HypervisorInstance {
    private static final Duration START_PATIENCE = Duration.ofSeconds(60);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /**
     * C1 only and the serial collector: the child starts in about 0.7 s instead of 1.1 s and leaves the second core
     * to the harness; the label operations it runs are milliseconds either way.
     */
    private static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private final String name;
    private final List<String> command;
    private final Process process;
    private final Path stderr;
    private final QmpClient qmp;
    private final String consoleAddress;
    private ConsoleClient console;

    private ReferenceProcess(String name, List<String> command, Process process, Path stderr, QmpClient qmp,
                             String consoleAddress) {
        this.name = name;
        this.command = command;
        this.process = process;
        this.stderr = stderr;
        this.qmp = qmp;
        this.consoleAddress = consoleAddress;
    }

    /**
     * Starts it with QMP and console sockets in {@code dir}, and waits for its QMP monitor.
     *
     * @throws Target.RefusedException when it refuses the command line (QEMU's words, as the in-process one says)
     */
    static ReferenceProcess start(String name, List<String> qemuOptions, Path dir) {
        Path qmpSocket = dir.resolve(name + ".qmp");
        Path consoleSocket = dir.resolve(name + ".console");
        Path stderr = dir.resolve(name + ".stderr");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        // JNA unpacks its native library into a temporary file it removes on a clean exit only: kept in the
        // scenario's folder, the copies a SIGKILL leaves go with it
        command.addAll(List.of("-Djna.tmpdir=" + dir, "-cp", System.getProperty("java.class.path"),
                EmulatorMain.class.getName()));
        command.addAll(qemuOptions);
        command.addAll(List.of("-qmp", "unix:" + qmpSocket + ",server=on,wait=off",
                "-serial", "unix:" + consoleSocket + ",server=on,wait=off"));
        Process p = null;
        try {
            Files.deleteIfExists(qmpSocket);
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectError(stderr.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long deadline = System.nanoTime() + START_PATIENCE.toNanos();
            QmpClient qmp = null;
            while (qmp == null) {
                if (!p.isAlive()) {
                    throw new Target.RefusedException(errorLine(read(stderr), p.exitValue()));
                }
                if (Files.exists(qmpSocket)) {
                    try {
                        qmp = QmpClient.connect("unix:" + qmpSocket, TIMEOUT);
                        break;
                    } catch (IOException e) {
                        if (!p.isAlive()) {
                            continue; // refused right after opening its socket: the loop reports it
                        }
                        throw e;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the reference system (" + name + ") did not open its QMP socket"
                            + " within " + START_PATIENCE.toSeconds() + " s; its standard error: " + read(stderr));
                }
                Thread.sleep(10);
            }
            return new ReferenceProcess(name, command, p, stderr, qmp, "unix:" + consoleSocket);
        } catch (IOException e) {
            end(p);
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            end(p);
            throw new IllegalStateException("interrupted while starting the reference system");
        } catch (RuntimeException e) {
            end(p);
            throw e;
        }
    }

    private static void end(Process p) {
        if (p != null) {
            p.destroyForcibly();
        }
    }

    /** The refusal {@link EmulatorMain} printed, without its prefix; the exit status when it printed none. */
    static String errorLine(String stderrText, int exit) {
        List<String> lines = stderrText.lines().filter(l -> l.startsWith(EmulatorMain.ERROR_PREFIX)).toList();
        return lines.isEmpty() ? "the reference system exited with status " + exit + ": " + stderrText.strip()
                : lines.get(lines.size() - 1).substring(EmulatorMain.ERROR_PREFIX.length());
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String commandLine() {
        return String.join(" ", command);
    }

    @Override
    public QmpClient qmp() {
        return qmp;
    }

    @Override
    public synchronized ConsoleClient console() {
        if (console == null) {
            try {
                console = ConsoleClient.connect(consoleAddress, TIMEOUT);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return console;
    }

    @Override
    public String errorOutput() {
        return read(stderr);
    }

    @Override
    public Optional<Integer> exitStatus() {
        return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
    }

    /** SIGKILL ({@link Process#destroyForcibly()} on Linux), and its end awaited. */
    @Override
    public void kill() {
        process.destroyForcibly();
        awaitEnd(TIMEOUT);
    }

    private void awaitEnd(Duration patience) {
        try {
            process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** QMP {@code quit}, then the process; killed if it lingers. */
    @Override
    public synchronized void close() {
        if (process.isAlive()) {
            try {
                qmp.execute("quit");
            } catch (IOException | RuntimeException e) {
                // already going
            }
            awaitEnd(Duration.ofSeconds(10));
            if (process.isAlive()) {
                kill();
            }
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
