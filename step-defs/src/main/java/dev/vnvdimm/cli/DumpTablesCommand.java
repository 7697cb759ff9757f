package dev.vnvdimm.cli;

import dev.vnvdimm.abi.acpi.AcpiTableWalker;
import dev.vnvdimm.abi.acpi.Rsdp;
import dev.vnvdimm.acpica.Iasl;
import dev.vnvdimm.emulator.firmware.Firmware;
import dev.vnvdimm.emulator.hostmem.TerminalProgress;
import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.system.ReferenceSystem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vnvdimm dump-tables -o DIR [--dsl] [QEMU options]}: powers the machine on, lets the firmware lay out
 * the ACPI tables, then finds them in guest memory as an OS would and writes each one as it sits there —
 * {@code NFIT.dat}, {@code SSDT.dat}, {@code DSDT.dat}, {@code FACP.dat}, {@code RSDP.dat}, … — the files
 * {@code iasl -d} reads.
 */
@Command(name = "dump-tables", mixinStandardHelpOptions = true,
        description = {"Write the ACPI tables a machine's guest finds in memory, one raw file per table.",
            "With no QEMU options, uses the default machine of 'vnvdimm emu'."})
final class DumpTablesCommand implements Callable<Integer> {

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Directory to write into.")
    Path output;

    @Option(names = "--dsl", description = "Also write iasl's disassembly (NAME.dsl) of each table, when iasl is installed.")
    boolean dsl;

    @CommandLine.Unmatched
    List<String> qemuOptions = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Files.createDirectories(output);
        List<Path> written = new ArrayList<>();
        try (MachineArguments args = MachineArguments.of(qemuOptions, err);
             Machine machine = ReferenceSystem.powerOn(args.args(), TerminalProgress.forConsole())) {
            AcpiTableWalker.Walk walk = Firmware.walk(machine);
            written.add(write("RSDP", machine.memoryMap().read(walk.rsdpAddress(), Rsdp.SIZE)));
            Map<String, Integer> seen = new HashMap<>();
            for (AcpiTableWalker.FoundTable t : walk.tables()) {
                int n = seen.merge(t.signature(), 1, Integer::sum);
                written.add(write(n == 1 ? t.signature() : t.signature() + n, t.bytes()));
            }
            walk.problems().forEach(p -> err.println("vnvdimm: " + p));
        }
        for (Path p : written) {
            out.printf("%-12s %6d bytes%n", p.getFileName(), Files.size(p));
        }
        if (dsl) {
            if (!Iasl.TOOL.isInstalled()) {
                err.println("vnvdimm: --dsl: " + Iasl.TOOL.missingReason() + "; raw tables written only");
                return 0;
            }
            for (Path p : written) {
                if (p.getFileName().toString().startsWith("RSDP")) {
                    continue; // iasl -d does not take an RSDP on its own
                }
                Iasl.Disassembly d = Iasl.disassemble(p);
                out.printf("%-12s %s%n", p.getFileName().toString().replace(".dat", ".dsl"),
                        d.clean() ? "disassembled" : "iasl reported problems:\n" + d.log());
            }
        }
        out.flush();
        return 0;
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = output.resolve(name + ".dat");
        Files.write(p, bytes);
        return p;
    }
}
