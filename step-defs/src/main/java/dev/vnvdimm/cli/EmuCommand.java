package dev.vnvdimm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vnvdimm.emulator.config.MachineConfig;
import dev.vnvdimm.emulator.dimm.MemoryDeviceInfo;
import dev.vnvdimm.emulator.hostmem.TerminalProgress;
import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.emulator.machine.MachineFactory;
import dev.vnvdimm.emulator.firmware.Firmware;
import dev.vnvdimm.emulator.qmp.ChardevAddress;
import dev.vnvdimm.emulator.qmp.MachineMonitor;
import dev.vnvdimm.emulator.qmp.QmpMonitor;
import dev.vnvdimm.emulator.qmp.QmpServer;
import dev.vnvdimm.emulator.qmp.RunState;
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
            "With -qmp unix:PATH,server=on,wait=off (or tcp:HOST:PORT,...) it keeps running under a QMP monitor",
            "until 'quit'; -S starts it paused."})
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
            java.util.Optional<String> qmp = machine.config().runtimeOption("-qmp");
            if (qmp.isPresent()) {
                return serve(machine, qmp.get());
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

    /** Keeps the machine running under a QMP monitor until a client sends {@code quit}. */
    private int serve(Machine machine, String qmpAddress) throws IOException {
        Firmware.loadAcpiTables(machine);
        RunState initial = machine.config().runtimeOption("-S").isPresent() ? RunState.PRELAUNCH : RunState.RUNNING;
        MachineMonitor monitor = new MachineMonitor(machine, new QmpMonitor(QEMU_VERSION_MODELLED), initial);
        try (QmpServer server = new QmpServer(monitor.qmp(), ChardevAddress.parse("-qmp", qmpAddress))) {
            spec.commandLine().getErr().println("vnvdimm: machine " + initial.qmpName() + ", QMP on "
                    + server.localAddress());
            spec.commandLine().getErr().flush();
            monitor.awaitQuit();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** The QEMU release whose behaviour the reference models, reported in the QMP greeting. */
    static final String QEMU_VERSION_MODELLED = "7.2.0";

    static String toQmpJson(List<MemoryDeviceInfo> devices) throws IOException {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(MachineMonitor.queryMemoryDevices(devices));
    }
}
