package dev.vnvdimm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vnvdimm.emulator.config.MachineConfig;
import dev.vnvdimm.emulator.dimm.MemoryDeviceInfo;
import dev.vnvdimm.emulator.hostmem.TerminalProgress;
import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.emulator.machine.MachineFactory;
import dev.vnvdimm.emulator.qmp.MachineMonitor;
import dev.vnvdimm.system.EmulatorInstance;
import java.nio.file.Path;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vnvdimm emu [QEMU options]}: builds the machine a QEMU command line describes and prints its
 * memory devices as {@code info memory-devices} does, or as QMP {@code query-memory-devices} with {@code --json}.
 */
@Command(name = "emu", mixinStandardHelpOptions = true,
        description = {"Build the machine described by QEMU options and show its memory devices.",
            "With no options, runs a default pc machine with one 256 MiB NVDIMM (128 KiB label area).",
            "With -qmp unix:PATH,server=on,wait=off (or tcp:HOST:PORT,...) it keeps running, the reference guest",
            "booted, under a QMP monitor until 'quit'; -serial unix:PATH,server=on,wait=off serves the guest's",
            "console; -incoming tcp:HOST:PORT|unix:PATH|file:PATH|exec:CMD waits for a migration (-incoming defer: for QMP migrate-incoming to name it); -S starts paused."})
final class EmuCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print QMP query-memory-devices JSON instead of HMP text.")
    boolean json;

    @CommandLine.Unmatched
    List<String> qemuOptions = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        try (MachineArguments args = MachineArguments.of(qemuOptions, spec.commandLine().getErr());
             Machine machine = new MachineFactory(TerminalProgress.forConsole()).build(MachineConfig.parse(args.args()))) {
            machine.warnings().forEach(w -> spec.commandLine().getErr().println("vnvdimm: " + w));
            MachineConfig config = machine.config();
            if (config.runtimeOption("-qmp").isPresent() || config.runtimeOption("-incoming").isPresent()
                    || config.runtimeOption("-serial").isPresent()) {
                return serve(machine);
            }
            if (json) {
                out.println(toQmpJson(machine.memoryDevices()));
            } else {
                out.print(machine.infoMemoryDevices());
            }
            out.flush();
            return 0;
        }
    }

    /** Keeps the machine running under its QMP monitor until {@code quit} or a failed incoming migration. */
    private int serve(Machine machine) throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        EmulatorInstance instance = EmulatorInstance.around(machine, Path.of("").toAbsolutePath(), err,
                TerminalProgress.forConsole());
        try {
            err.println("vnvdimm: machine " + instance.monitor().state().qmpName()
                    + instance.qmpAddress().map(a -> ", QMP on " + a).orElse("")
                    + machine.config().runtimeOption("-serial").map(s -> ", guest console on " + s).orElse("")
                    + machine.config().runtimeOption("-incoming").map(s -> s.equals(EmulatorInstance.DEFER)
                            ? ", waiting for QMP migrate-incoming" : ", waiting for a migration on " + s).orElse(""));
            err.flush();
            return instance.awaitExit();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            instance.close();
        }
    }

    static String toQmpJson(List<MemoryDeviceInfo> devices) throws IOException {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(MachineMonitor.queryMemoryDevices(devices));
    }
}
