package dev.vnvdimm.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vnvdimm}: the kit's command line. Each verb is a subcommand. */
@Command(name = "vnvdimm", mixinStandardHelpOptions = true, versionProvider = KitVersion.class,
        description = "Compliance kit for virtual NVDIMMs: a reference emulator and the scenarios that check hypervisors.",
        subcommands = {CheckCommand.class, EmuCommand.class, DumpTablesCommand.class, GuestCommand.class, AmlEvalCommand.class})
public final class VnvdimmCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (for tests). */
    public static int run(String... args) {
        return create().execute(args);
    }

    /**
     * The configured command line. {@code guest} keeps "--" as its own separator, so picocli must not eat it; and
     * QEMU's options have one dash and long names, so no verb reads clustered short options ({@code -object} is not
     * {@code -o bject}).
     */
    static CommandLine create() {
        CommandLine cl = new CommandLine(new VnvdimmCli()).setExecutionExceptionHandler(new ErrorReporter());
        cl.getSubcommands().get("guest").setEndOfOptionsDelimiter("--end-of-vnvdimm-options");
        cl.setPosixClusteredShortOptionsAllowed(false);
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
