package dev.vnvdimm.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vnvdimm}: the kit's command line. Each verb is a subcommand. */
@Command(name = "vnvdimm", mixinStandardHelpOptions = true, versionProvider = KitVersion.class,
        description = "Compliance kit for virtual NVDIMMs: a reference emulator and the scenarios that check hypervisors.",
        subcommands = {CheckCommand.class, EmuCommand.class, DumpTablesCommand.class, GuestCommand.class, AmlEvalCommand.class,
            FuzzCommand.class})
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

    /** The verbs that take a machine as QEMU's options. */
    static final List<String> MACHINE_VERBS = List.of("emu", "dump-tables", "guest");

    /**
     * The configured command line. {@code guest} keeps "--" as its own separator, so picocli must not eat it;
     * QEMU's options have one dash and long names, so no verb reads clustered short options ({@code -object} is not
     * {@code -o bject}); and a machine verb's own options come first: from the first argument that is not one of
     * them, everything is QEMU's, as QEMU reads it ({@code -o}, {@code -h} or {@code -V} there are QEMU's too).
     */
    static CommandLine create() {
        CommandLine cl = new CommandLine(new VnvdimmCli()).setExecutionExceptionHandler(new ErrorReporter());
        cl.getSubcommands().get("guest").setEndOfOptionsDelimiter("--end-of-vnvdimm-options");
        cl.setPosixClusteredShortOptionsAllowed(false);
        MACHINE_VERBS.forEach(v -> cl.getSubcommands().get(v).setStopAtUnmatched(true));
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
