package dev.vnvdimm.guest;

import dev.vnvdimm.guest.aml.AmlInterpreter;
import dev.vnvdimm.guest.aml.runtime.AmlOptions;
import dev.vnvdimm.guest.kernel.AcpiBoot;
import dev.vnvdimm.guest.kernel.GpeBlock;
import dev.vnvdimm.guest.kernel.KernelLog;
import dev.vnvdimm.guest.ndctl.CommandResult;
import dev.vnvdimm.guest.nvdimm.ClaimBlocks;
import dev.vnvdimm.guest.nvdimm.NamespaceRegistry;
import dev.vnvdimm.guest.nvdimm.NfitNotify;
import dev.vnvdimm.guest.nvdimm.NvdimmBus;
import dev.vnvdimm.guest.platform.Platform;
import dev.vnvdimm.guest.platform.SystemControlInterrupt;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The Java reference guest. Booting does what an OS does with an NVDIMM machine, through guest memory and I/O
 * ports only: find and load the ACPI tables, then probe the NVDIMMs in Linux's order and read their label
 * areas. Afterwards it runs ndctl-style commands, and handles the machine's System Control Interrupt as Linux
 * does: run the {@code \_GPE} method of each pending event, whose Notify of the NVDIMM root device after a
 * hot-plug adds the new DIMM to the bus.
 * <p>
 * Threading: commands come on the caller's thread, SCIs on the platform's interrupt thread. Both hold the
 * guest's one lock while they run, so a command never sees the bus half-updated and an SCI never changes
 * labels or names under a command.
 */
public final class ReferenceGuest {
    private final AcpiBoot acpi;
    private final NvdimmBus bus;
    private final KernelLog log;
    private final NamespaceRegistry namespaces;
    private final Path workingDirectory;
    private final Platform platform;
    private final Object lock = new Object();
    private Optional<GpeBlock> gpes = Optional.empty();

    private ReferenceGuest(Platform platform, AcpiBoot acpi, NvdimmBus bus, KernelLog log, Path workingDirectory) {
        this.platform = platform;
        this.namespaces = new NamespaceRegistry(new ClaimBlocks(platform));
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
        ReferenceGuest guest = new ReferenceGuest(platform, acpi, bus, log, workingDirectory);
        for (var r : bus.regions()) {
            // Linux reads each labelled DIMM's area while probing; the registry's first look does the same.
            r.nmem().labels().ifPresent(a -> a.probe());
            for (var ns : guest.namespaces.namespaces(r)) {
                if (r.readOnly() && ns.active()) { // Linux's pmem driver, attaching the namespace's disk
                    log.info("nd_pmem " + ns.dev(), r.dev() + " read-only, marking " + ns.blockdev() + " read-only");
                }
            }
        }
        log.info("nd_bus ndbus0", bus.nmems().size() + " nmem, " + bus.regions().size() + " region");
        guest.gpes = GpeBlock.find(acpi.tables(), platform, acpi.interpreter(), log);
        guest.gpes.ifPresent(GpeBlock::initialize);
        guest.connectEvents();
        return guest;
    }

    /**
     * Registers the NVDIMM root's Notify handler and connects the SCI, then looks once for an event that came
     * while booting (ACPICA polls the GPEs it has just enabled the same way). A machine whose SCI never fires
     * gets no poll: its GPE registers may not exist (unmapped ports read all ones, every GPE "pending").
     */
    private void connectEvents() {
        new NfitNotify(bus, namespaces, acpi.interpreter(), log).register();
        SystemControlInterrupt sci = platform.sci();
        if (gpes.isEmpty() || sci == SystemControlInterrupt.NONE) {
            return;
        }
        sci.connect(this::systemControlInterrupt);
        systemControlInterrupt();
    }

    /** The SCI handler: dispatches every pending, enabled GPE; Notifies its method queued run right after it. */
    private void systemControlInterrupt() {
        synchronized (lock) {
            gpes.ifPresent(GpeBlock::dispatchPending);
        }
    }

    /** This guest's state beyond guest memory, for a migration's GUEST_STATE section. */
    public byte[] saveState() {
        synchronized (lock) {
            List<GuestState.RegionState> regions = new ArrayList<>();
            for (var r : bus.regions()) {
                NamespaceRegistry.Names names = namespaces.names(r);
                Map<String, Integer> ids = new TreeMap<>();
                names.ids().forEach((uuid, n) -> ids.put(uuid.toString(), n));
                regions.add(new GuestState.RegionState(r.dev(), r.enabled(), ids, names.seed().orElse(null),
                        r.nmem().dev(), r.nmem().handle()));
            }
            return new GuestState(GuestState.VERSION, regions, log.lines()).toJson();
        }
    }

    /**
     * The guest of a completed incoming migration: its tables and label areas are in the migrated memory, so it
     * probes them again quietly, then takes over the source guest's DIMM and region numbers (matched by NFIT
     * device handle: a DIMM hot-added on the source is on the destination's command line, so its probe finds
     * it, possibly in another order), region states, namespace names and log.
     *
     * @throws IllegalArgumentException when {@code saved} is not a state of this guest's machine
     */
    public static ReferenceGuest resume(Platform platform, Path workingDirectory, byte[] saved) {
        GuestState state = GuestState.fromJson(saved);
        KernelLog quiet = new KernelLog();
        AcpiBoot acpi = AcpiBoot.boot(platform, AmlOptions.defaults(), quiet);
        NvdimmBus bus = NvdimmBus.probe(acpi.interpreter(), acpi.tables(), quiet);
        KernelLog log = new KernelLog();
        state.log().forEach(log::append);
        bus.renumber(state.regions().stream().filter(rs -> rs.handle() != null)
                .map(rs -> new NvdimmBus.Numbering(rs.handle(), number(rs.nmem(), "nmem"), number(rs.dev(), "region")))
                .toList());
        ReferenceGuest guest = new ReferenceGuest(platform, acpi, bus, log, workingDirectory);
        for (GuestState.RegionState rs : state.regions()) {
            var region = bus.regions().stream().filter(r -> r.dev().equals(rs.dev())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("guest state names " + rs.dev()
                            + ", which this machine does not have"));
            region.setEnabled(rs.enabled());
            Map<UUID, Integer> ids = new LinkedHashMap<>();
            rs.namespaceIds().forEach((uuid, n) -> ids.put(UUID.fromString(uuid), n));
            guest.namespaces.restore(region, new NamespaceRegistry.Names(ids, Optional.ofNullable(rs.seed())));
        }
        // the visible log: an event handled from now on is this guest's to report
        guest.gpes = GpeBlock.find(acpi.tables(), platform, acpi.interpreter(), log);
        guest.gpes.ifPresent(GpeBlock::resume);
        guest.connectEvents();
        return guest;
    }

    /** N of a device name {@code prefixN} from a saved state. */
    private static int number(String dev, String prefix) {
        if (dev == null || !dev.matches(prefix + "\\d+")) {
            throw new IllegalArgumentException("guest state names a device " + dev + ", not " + prefix + "N");
        }
        return Integer.parseInt(dev.substring(prefix.length()));
    }

    public CommandResult run(List<String> argv) {
        synchronized (lock) {
            return new GuestShell(this).run(argv);
        }
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

    Platform platform() {
        return platform;
    }

    NamespaceRegistry namespaces() {
        return namespaces;
    }

    Path workingDirectory() {
        return workingDirectory;
    }
}
