package dev.vnvdimm.guest.ndctl;

import dev.vnvdimm.guest.nvdimm.NamespaceRegistry;
import dev.vnvdimm.guest.nvdimm.NvdimmBus;
import dev.vnvdimm.guest.platform.HostFiles;
import java.nio.file.Path;
import java.util.List;

/**
 * The reference guest's {@code ndctl}: the command names, options, JSON and messages of ndctl 76.1 for pmem
 * namespaces in raw, fsdax, devdax and sector mode. This class dispatches, as ndctl's main does, to the commands grouped as ndctl's
 * sources group them: {@code list} ({@link ListCommand}); {@code read-labels}, {@code write-labels},
 * {@code init-labels}, {@code check-labels}, {@code zero-labels} ({@link DimmCommands}); {@code disable-region},
 * {@code enable-region} ({@link RegionCommands}); {@code create-namespace}, {@code destroy-namespace}
 * ({@link NamespaceCommands}).
 */
public final class Ndctl {
    public static final String VERSION = "76.1";
    /** Exit status of a usage error (ndctl's parse-options). */
    static final int USAGE = 129;

    private final ListCommand list;
    private final DimmCommands dimms;
    private final RegionCommands regions;
    private final NamespaceCommands namespaces;

    /** Files the commands name are host files (through {@code files}), relative to {@code workingDirectory}. */
    public Ndctl(NvdimmBus bus, NamespaceRegistry namespaces, HostFiles files, Path workingDirectory) {
        this.list = new ListCommand(bus, namespaces);
        this.dimms = new DimmCommands(bus, files, workingDirectory);
        this.regions = new RegionCommands(bus);
        this.namespaces = new NamespaceCommands(bus, namespaces);
    }

    public CommandResult run(List<String> args) {
        if (args.isEmpty()) {
            return CommandResult.fail(1, "", usage());
        }
        List<String> rest = args.subList(1, args.size());
        try {
            return switch (args.get(0)) {
                case "--version", "version" -> CommandResult.ok(VERSION + "\n", "");
                case "list" -> list.run(rest);
                case "read-labels" -> dimms.readLabels(rest);
                case "write-labels" -> dimms.writeLabels(rest);
                case "init-labels" -> dimms.initLabels(rest);
                case "check-labels" -> dimms.checkLabels(rest);
                case "zero-labels" -> dimms.zeroLabels(rest);
                case "disable-region" -> regions.disableRegion(rest);
                case "enable-region" -> regions.enableRegion(rest);
                case "create-namespace" -> namespaces.createNamespace(rest);
                case "destroy-namespace" -> namespaces.destroyNamespace(rest);
                default -> CommandResult.fail(1, "", "ndctl: '" + args.get(0) + "' is not an ndctl command. "
                        + "See 'ndctl --help'.\n");
            };
        } catch (CommandLineOptions.UsageException e) {
            return CommandResult.fail(USAGE, "", "  Error: " + e.getMessage() + "\n\n" + e.usage().orElse(usage()));
        }
    }

    private static String usage() {
        return " usage: ndctl [--version] [--help] COMMAND [ARGS]\n";
    }
}
