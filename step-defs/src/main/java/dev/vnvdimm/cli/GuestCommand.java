package dev.vnvdimm.cli;

import dev.vnvdimm.emulator.hostmem.TerminalProgress;
import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.guest.ReferenceGuest;
import dev.vnvdimm.guest.ndctl.CommandResult;
import dev.vnvdimm.system.ReferenceSystem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code vnvdimm guest [QEMU options] -- COMMAND ARGS...}: powers the machine on, boots the reference guest,
 * runs one guest command ({@code ndctl list -D}, {@code ndctl init-labels nmem0}, {@code nvdimm-dsm ...},
 * {@code dmesg}), prints what it printed and exits with its exit code. Backing files keep what the guest wrote.
 */
@Command(name = "guest", mixinStandardHelpOptions = true,
        description = {"Boot the reference guest on a machine and run one guest command.",
            "Usage: vnvdimm guest [QEMU options] -- COMMAND ARGS... [';' COMMAND ARGS...]",
            "(no QEMU options: the default machine; several commands run in one boot, the last one's status is returned)"})
final class GuestCommand implements Callable<Integer> {

    @CommandLine.Unmatched
    List<String> arguments = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Several commands in one boot, separated by a lone ";" (quote it from the shell). */
    static List<List<String>> splitOnSemicolons(List<String> command) {
        List<List<String>> out = new ArrayList<>();
        List<String> cur = new ArrayList<>();
        for (String a : command) {
            if (a.equals(";")) {
                if (!cur.isEmpty()) {
                    out.add(cur);
                }
                cur = new ArrayList<>();
            } else {
                cur.add(a);
            }
        }
        if (!cur.isEmpty()) {
            out.add(cur);
        }
        return out;
    }

    @Override
    public Integer call() throws IOException {
        int sep = arguments.indexOf("--");
        if (sep < 0 || sep == arguments.size() - 1) {
            throw new IllegalArgumentException("guest: give the guest command after '--', e.g. "
                    + "vnvdimm guest -- ndctl list -D");
        }
        List<String> qemu = arguments.subList(0, sep);
        List<String> command = arguments.subList(sep + 1, arguments.size());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (MachineArguments args = MachineArguments.of(qemu, err);
             Machine machine = ReferenceSystem.powerOn(args.args(), TerminalProgress.forConsole())) {
            ReferenceGuest guest = ReferenceSystem.bootGuest(machine, Path.of("").toAbsolutePath());
            int exit = 0;
            for (List<String> one : splitOnSemicolons(command)) {
                CommandResult r = guest.run(one);
                out.print(r.stdout());
                out.flush();
                err.print(r.stderr());
                err.flush();
                exit = r.exitCode();
            }
            return exit;
        }
    }
}
