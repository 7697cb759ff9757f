package dev.vnvdimm.guest;

import dev.vnvdimm.guest.aml.AmlInterpreter;
import dev.vnvdimm.guest.aml.AmlOptions;
import dev.vnvdimm.guest.kernel.AcpiBoot;
import dev.vnvdimm.guest.kernel.KernelLog;
import dev.vnvdimm.guest.ndctl.CommandResult;
import dev.vnvdimm.guest.nvdimm.NamespaceRegistry;
import dev.vnvdimm.guest.nvdimm.NvdimmBus;
import dev.vnvdimm.guest.platform.Platform;
import java.nio.file.Path;
import java.util.List;

/**
 * The Java reference guest. Booting does what an OS does with an NVDIMM machine, through guest memory and I/O
 * ports only: find and load the ACPI tables, then probe the NVDIMMs in Linux's order and read their label
 * areas. Afterwards it runs ndctl-style commands.
 */
public final class ReferenceGuest {
    private final AcpiBoot acpi;
    private final NvdimmBus bus;
    private final KernelLog log;
    private final NamespaceRegistry namespaces = new NamespaceRegistry();
    private final Path workingDirectory;

    private ReferenceGuest(AcpiBoot acpi, NvdimmBus bus, KernelLog log, Path workingDirectory) {
        this.acpi = acpi;
        this.bus = bus;
        this.log = log;
        this.workingDirectory = workingDirectory;
    }

    /** Boots on a platform; files named in commands are relative to {@code workingDirectory}. */
    public static ReferenceGuest boot(Platform platform, Path workingDirectory) {
        return boot(platform, AmlOptions.defaults(), workingDirectory);
    }

    public static ReferenceGuest boot(Platform platform, AmlOptions options, Path workingDirectory) {
        KernelLog log = new KernelLog();
        AcpiBoot acpi = AcpiBoot.boot(platform, options, log);
        NvdimmBus bus = NvdimmBus.probe(acpi.interpreter(), acpi.tables(), log);
        ReferenceGuest guest = new ReferenceGuest(acpi, bus, log, workingDirectory);
        for (var r : bus.regions()) {
            // Linux reads each labelled DIMM's area while probing; the registry's first look does the same.
            r.nmem().labels().ifPresent(a -> a.probe());
            guest.namespaces.namespaces(r);
        }
        log.info("nd_bus ndbus0", bus.nmems().size() + " nmem, " + bus.regions().size() + " region");
        return guest;
    }

    public CommandResult run(List<String> argv) {
        return new GuestShell(this).run(argv);
    }

    public AmlInterpreter interpreter() {
        return acpi.interpreter();
    }

    public AcpiBoot acpi() {
        return acpi;
    }

    public NvdimmBus bus() {
        return bus;
    }

    public KernelLog log() {
        return log;
    }

    NamespaceRegistry namespaces() {
        return namespaces;
    }

    Path workingDirectory() {
        return workingDirectory;
    }
}
