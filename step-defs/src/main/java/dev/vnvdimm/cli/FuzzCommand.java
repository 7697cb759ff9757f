package dev.vnvdimm.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vnvdimm fuzz}: fuzzing a hypervisor against the reference; each kind of input is a subcommand. */
@Command(name = "fuzz", mixinStandardHelpOptions = true, subcommands = FuzzDsmCommand.class,
        description = "Differential fuzzing: generated input sent to the reference and to a target, their answers "
                + "compared.")
final class FuzzCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
