package dev.vnvdimm.harness.targets.reference;

import dev.vnvdimm.emulator.QemuError;
import dev.vnvdimm.harness.targets.HypervisorInstance;
import dev.vnvdimm.harness.wire.ConsoleClient;
import dev.vnvdimm.harness.wire.QmpClient;
import dev.vnvdimm.system.EmulatorInstance;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The reference emulator as a long-running instance, in this process but reached only through real unix
 * sockets — the same QMP and console bytes a separate {@code vnvdimm emu} process would exchange.
 */
final class ReferenceInstance implements HypervisorInstance {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final String commandLine;
    private final EmulatorInstance instance;
    private final StringWriter errors;
    private final QmpClient qmp;
    private final String consoleAddress;
    private ConsoleClient console;

    private ReferenceInstance(String name, String commandLine, EmulatorInstance instance, StringWriter errors,
                              String consoleAddress) throws IOException {
        this.name = name;
        this.commandLine = commandLine;
        this.instance = instance;
        this.errors = errors;
        this.consoleAddress = consoleAddress;
        this.qmp = QmpClient.connect("unix:" + socket(instance, "-qmp"), TIMEOUT);
    }

    private static String socket(EmulatorInstance i, String option) {
        String v = i.machine().config().runtimeOption(option).orElseThrow();
        return v.substring("unix:".length(), v.indexOf(','));
    }

    /** Starts it with QMP and console sockets in {@code dir}; a refused command line throws {@link QemuError}. */
    static ReferenceInstance start(String name, List<String> qemuOptions, Path dir) {
        List<String> args = new ArrayList<>(qemuOptions);
        String qmpPath = dir.resolve(name + ".qmp").toString();
        String consolePath = dir.resolve(name + ".console").toString();
        args.addAll(List.of("-qmp", "unix:" + qmpPath + ",server=on,wait=off",
                "-serial", "unix:" + consolePath + ",server=on,wait=off"));
        StringWriter errors = new StringWriter();
        try {
            EmulatorInstance i = EmulatorInstance.start(args, dir, new PrintWriter(errors, true));
            try {
                return new ReferenceInstance(name, String.join(" ", args), i, errors, "unix:" + consolePath);
            } catch (IOException | RuntimeException e) {
                i.close();
                throw e;
            }
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
        return commandLine;
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
        return errors.toString();
    }

    @Override
    public Optional<Integer> exitStatus() {
        if (!instance.exited()) {
            return Optional.empty();
        }
        try {
            return Optional.of(instance.awaitExit());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    @Override
    public void kill() {
        close();
    }

    @Override
    public synchronized void close() {
        try {
            if (console != null) {
                console.close();
            }
            qmp.close();
        } catch (IOException ignored) {
            // ending it regardless
        }
        instance.close();
    }
}
