package dev.vnvdimm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vnvdimm.emulator.config.MachineConfig;
import dev.vnvdimm.emulator.dimm.MemoryDeviceInfo;
import dev.vnvdimm.emulator.hostmem.TerminalProgress;
import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.emulator.machine.MachineFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
            "With no options, runs a default pc machine with one 256 MiB NVDIMM (128 KiB label area)."})
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
            if (json) {
                out.println(toQmpJson(machine.memoryDevices()));
            } else {
                out.print(machine.infoMemoryDevices());
            }
            out.flush();
            return 0;
        }
    }

    static String toQmpJson(List<MemoryDeviceInfo> devices) throws IOException {
        List<Map<String, Object>> list = new ArrayList<>();
        for (MemoryDeviceInfo d : devices) {
            Map<String, Object> data = new LinkedHashMap<>();
            if (!d.id().isEmpty()) {
                data.put("id", d.id());
            }
            data.put("addr", d.addr());
            data.put("slot", d.slot());
            data.put("node", d.node());
            data.put("size", d.size());
            data.put("memdev", d.memdev());
            data.put("hotplugged", d.hotplugged());
            data.put("hotpluggable", d.hotpluggable());
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("type", d.type());
            entry.put("data", data);
            list.add(entry);
        }
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(list);
    }
}
