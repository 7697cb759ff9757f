package dev.vnvdimm.guest.ndctl;

import dev.vnvdimm.abi.infoblock.BttInfoBlock;
import dev.vnvdimm.abi.infoblock.PfnInfoBlock;
import dev.vnvdimm.guest.labels.CreateRequest;
import dev.vnvdimm.guest.labels.LabelAreaException;
import dev.vnvdimm.guest.labels.LabelStorageArea;
import dev.vnvdimm.guest.labels.LabelVersion;
import dev.vnvdimm.guest.labels.Namespace;
import dev.vnvdimm.guest.labels.NamespaceLabel;
import dev.vnvdimm.guest.labels.NdctlJson;
import dev.vnvdimm.guest.ndctl.CommandLineOptions.Spec;
import dev.vnvdimm.guest.nvdimm.BttArenaLayout;
import dev.vnvdimm.guest.nvdimm.ClaimBlocks;
import dev.vnvdimm.guest.nvdimm.DsmException;
import dev.vnvdimm.guest.nvdimm.NamespaceClaim;
import dev.vnvdimm.guest.nvdimm.NamespaceRegistry;
import dev.vnvdimm.guest.nvdimm.NamespaceView;
import dev.vnvdimm.guest.nvdimm.NvdimmBus;
import dev.vnvdimm.guest.nvdimm.PfnReservation;
import dev.vnvdimm.guest.nvdimm.Region;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * ndctl's {@code create-namespace} and {@code destroy-namespace} in raw, fsdax, devdax and sector mode, as ndctl
 * 76.1 and Linux 6.1 do them: the namespace is a label set in the region's label storage area (a v1.2 label records
 * the claim in its abstraction GUID); fsdax and devdax then get a PFN or DAX info block 4 KiB into the namespace,
 * sector a BTT arena. {@code destroy-namespace} zeroes a claimed namespace's first 8 KiB and frees its labels.
 * A read-only region's (an unarmed DIMM's) namespaces can be neither reconfigured nor destroyed, and none created.
 */
final class NamespaceCommands {
    private static final int ENXIO = 6;
    private static final int ENODEV = 19;
    private static final int EINVAL = 22;
    /** ndctl's default {@code --align} for fsdax and devdax, and its default sector size for sector mode. */
    private static final long DEFAULT_PFN_ALIGN = 2L << 20;
    private static final long DEFAULT_BTT_SECTOR_SIZE = 4096;
    /** The sector sizes Linux's BTT supports ({@code btt_lbasize_supported}). */
    private static final Set<Long> BTT_SECTOR_SIZES = Set.of(512L, 520L, 528L, 4096L, 4104L, 4160L, 4224L);
    private static final List<Spec> CREATE = List.of(new Spec('r', "region", true), new Spec('m', "mode", true),
            new Spec('s', "size", true), new Spec('n', "name", true), new Spec('u', "uuid", true),
            new Spec('l', "sector-size", true), new Spec('a', "align", true), new Spec('e', "reconfig", true),
            new Spec('M', "map", true), new Spec('f', "force", false), new Spec('b', "bus", true),
            new Spec('v', "verbose", false));
    private static final List<Spec> DESTROY = List.of(new Spec('r', "region", true), new Spec('f', "force", false),
            new Spec('b', "bus", true), new Spec('v', "verbose", false));

    private final NvdimmBus bus;
    private final NamespaceRegistry namespaces;

    NamespaceCommands(NvdimmBus bus, NamespaceRegistry namespaces) {
        this.bus = bus;
        this.namespaces = namespaces;
    }

    CommandResult createNamespace(List<String> args) {
        CommandLineOptions o = CommandLineOptions.parse(args, CREATE);
        Optional<String> reconfig = o.value("reconfig");
        if (reconfig.isPresent() && regionOf(reconfig.get()).map(Region::readOnly).orElse(false)) {
            return CommandResult.fail(256 - ENXIO, "", readOnly(reconfig.get())
                    + "failed to reconfigure namespace: No such device or address\n");
        }
        String mode = o.value("mode").orElse("fsdax"); // ndctl's default mode
        Optional<NamespaceClaim.Mode> claim = switch (mode) {
            case "raw" -> Optional.empty();
            case "fsdax" -> Optional.of(NamespaceClaim.Mode.FSDAX);
            case "devdax" -> Optional.of(NamespaceClaim.Mode.DEVDAX);
            case "sector" -> Optional.of(NamespaceClaim.Mode.SECTOR);
            default -> null;
        };
        if (claim == null) {
            return failed(error("mode '" + mode + "' is not supported by the reference guest"),
                    "Operation not supported");
        }
        long align = o.value("align").map(CommandLineOptions::parseSize).orElse(DEFAULT_PFN_ALIGN);
        if (align < 4096 || Long.bitCount(align) != 1) {
            throw new CommandLineOptions.UsageException("align must be a power-of-2 greater than 4096",
                    CREATE_USAGE);
        }
        boolean memmapInPmem = !o.value("map").orElse("dev").equals("mem");
        Optional<Region> region = o.value("region").map(name -> bus.region(name.matches("\\d+") ? "region" + name
                : name).orElse(null)).or(() -> bus.regions().stream().filter(Region::enabled).findFirst());
        if (region.isEmpty() || !region.get().enabled()) {
            return failed("", "No such device or address");
        }
        Region r = region.get();
        Optional<LabelStorageArea> labels = NamespaceRegistry.validLabels(r);
        if (labels.isEmpty()) {
            if (o.value("size").isPresent()) {
                return failed(error("Legacy / label-less namespaces do not support sub-dividing a region")
                        + error("Retry without -s/--size="), "Invalid argument");
            }
            // seen on Linux 6.1 with ndctl 76.1: a region named by -r has no room, and without -r none qualifies
            return failed("", o.value("region").isPresent() ? "No space left on device" : "No such device or address");
        }
        if (r.readOnly()) { // ndctl passes over a read-only region as if it had no room (seen with -r)
            return failed("", "No space left on device");
        }
        long available = namespaces.availableSize(r);
        long size = o.value("size").map(CommandLineOptions::parseSize).orElse(available);
        if (claim.isPresent() && claim.get() != NamespaceClaim.Mode.SECTOR && size % align != 0) {
            // ndctl's own check, before the kernel's: the size must hold whole mappings
            return CommandResult.fail(256 - EINVAL, "", error("create namespace: '--size=' must align to "
                    + "interleave-width: 1 and alignment: " + align + "\ndid you intend --size="
                    + (size + align - 1) / align * align / (1L << 20) + "M?"));
        }
        if (size <= 0 || size % Region.ALIGN != 0) {
            return kernelRefused(r, String.format("align setting is %#x size %#x is misaligned", Region.ALIGN,
                    size));
        }
        long sectorSize = o.value("sector-size").map(CommandLineOptions::parseSize)
                .orElse(claim.equals(Optional.of(NamespaceClaim.Mode.SECTOR)) ? DEFAULT_BTT_SECTOR_SIZE : 512);
        if (claim.equals(Optional.of(NamespaceClaim.Mode.SECTOR)) && !BTT_SECTOR_SIZES.contains(sectorSize)) {
            return kernelRefused(r, "does not support btt sector_size " + sectorSize);
        }
        if (size > available) {
            return failed("", "No space left on device");
        }
        String name = o.value("name").orElse("");
        if (name.length() > 63) {
            return failed(error("--name is longer than 63 characters"), "Invalid argument");
        }
        UUID uuid = o.value("uuid").map(UUID::fromString).orElseGet(UUID::randomUUID);
        try {
            LabelVersion version = labels.get().detect().version();
            CreateRequest request = CreateRequest.raw(uuid, name, size, r.size(), r.isetCookie(version))
                    .withLbaSize(claim.equals(Optional.of(NamespaceClaim.Mode.SECTOR)) ? sectorSize : 512);
            if (version == LabelVersion.V1_2 && claim.isPresent()) {
                request = request.withAbstractionGuid(abstractionGuid(claim.get()));
            }
            Namespace ns = labels.get().createNamespace(request);
            claim.ifPresent(c -> writeInfoBlock(c, r, ns, version, align, memmapInPmem, sectorSize));
            NamespaceView v = namespaces.namespaces(r).stream()
                    .filter(x -> x.label().map(l -> l.uuid().equals(ns.uuid())).orElse(false)).findFirst()
                    .orElseThrow();
            // ndctl uses human sizes only when its stdout is a terminal; a guest console captures it
            return CommandResult.ok(NdctlJson.print(NamespaceJson.of(v, r, false, false, true)) + "\n", "");
        } catch (DsmException | LabelAreaException e) {
            return failed(error("label update failed: " + e.getMessage()), "Input/output error");
        }
    }

    /** The claim Linux records in a v1.2 label: the PFN, DAX or BTT2 abstraction GUID. */
    private static UUID abstractionGuid(NamespaceClaim.Mode mode) {
        return switch (mode) {
            case FSDAX -> NamespaceLabel.PFN_GUID;
            case DEVDAX -> NamespaceLabel.DAX_GUID;
            case SECTOR -> NamespaceLabel.BTT2_GUID;
        };
    }

    /**
     * The info block Linux writes through the new namespace when ndctl binds its pfn, dax or btt device: a BTT 2.0
     * arena from the first byte when the label records the BTT2 claim (v1.2 labels), else a BTT 1.1 arena from 4 KiB.
     */
    private void writeInfoBlock(NamespaceClaim.Mode mode, Region r, Namespace ns, LabelVersion version, long align,
            boolean memmapInPmem, long sectorSize) {
        ClaimBlocks blocks = namespaces.claims();
        long start = ClaimBlocks.start(r, ns);
        UUID deviceUuid = UUID.randomUUID();
        if (mode == NamespaceClaim.Mode.SECTOR) {
            boolean btt2 = version == LabelVersion.V1_2;
            long arenaOffset = btt2 ? 0 : BttInfoBlock.V1_1_ARENA_OFFSET;
            BttArenaLayout layout = BttArenaLayout.of(ns.size() - arenaOffset, sectorSize);
            blocks.write(start + arenaOffset, layout,
                    layout.infoBlock(deviceUuid, ns.uuid(), btt2 ? 2 : 1, btt2 ? 0 : 1, sectorSize));
            return;
        }
        PfnReservation reservation = PfnReservation.of(start, ns.size(), align, memmapInPmem);
        blocks.write(start, new PfnInfoBlock(mode == NamespaceClaim.Mode.DEVDAX ? PfnInfoBlock.DAX_SIGNATURE
                : PfnInfoBlock.PFN_SIGNATURE, deviceUuid, ns.uuid(), 0, 1, 4, reservation.dataOffset(),
                reservation.npfns(), memmapInPmem ? PfnInfoBlock.MODE_PMEM : PfnInfoBlock.MODE_RAM, 0, 0, align,
                PfnReservation.PAGE, PfnReservation.STRUCT_PAGE));
    }

    CommandResult destroyNamespace(List<String> args) {
        CommandLineOptions o = CommandLineOptions.parse(args, DESTROY);
        if (o.positional().isEmpty()) {
            throw new CommandLineOptions.UsageException("<namespace> must be specified");
        }
        String which = o.positional().get(0);
        StringBuilder err = new StringBuilder();
        int destroyed = 0;
        boolean refused = false;
        boolean busy = false;
        for (Region r : bus.regions()) {
            if (!o.selects("region", r.dev()) || !r.enabled()) {
                continue;
            }
            Optional<LabelStorageArea> labels = NamespaceRegistry.validLabels(r);
            for (NamespaceView v : namespaces.namespaces(r)) {
                if (!v.active() || !(which.equals("all") || which.equals(v.dev()))
                        || v.kind() != NamespaceView.Kind.LABELLED && !r.readOnly()) {
                    continue;
                }
                if (r.readOnly()) {
                    err.append(readOnly(v.dev())).append("error destroying namespaces: No such device or address\n");
                    refused = true;
                    continue;
                }
                if (!o.flag("force")) {
                    err.append(error(v.dev() + " is active, specify --force for re-configuration"));
                    busy = true;
                    continue;
                }
                try {
                    Namespace ns = v.label().orElseThrow();
                    if (v.claim().isPresent()) {
                        namespaces.claims().erase(ClaimBlocks.start(r, ns));
                    }
                    labels.orElseThrow().destroyNamespace(ns.uuid());
                    destroyed++;
                } catch (DsmException | LabelAreaException e) {
                    err.append(v.dev()).append(": ").append(e.getMessage()).append('\n');
                }
            }
        }
        if (busy) {
            err.append("error destroying namespaces: Device or resource busy\n");
        }
        err.append(Summary.namespaces("destroyed", destroyed));
        int status = refused ? 256 - ENXIO : busy ? 256 - EBUSY : destroyed > 0 || which.equals("all") ? 0 : 1;
        return new CommandResult(status, "", err.toString());
    }

    /** The region holding the active namespace {@code dev} ({@code namespaceN.M}), if any. */
    private Optional<Region> regionOf(String dev) {
        return bus.regions().stream().filter(Region::enabled)
                .filter(r -> namespaces.namespaces(r).stream().anyMatch(v -> v.active() && v.dev().equals(dev)))
                .findFirst();
    }

    /** ndctl's refusal to reconfigure or destroy a namespace of a read-only region (an unarmed DIMM's). */
    private static String readOnly(String namespace) {
        return error(namespace + ": read-only, re-configuration disabled");
    }

    private static final int EBUSY = 16;

    /** One of ndctl's error() lines: indented, and followed by an empty line. */
    private static String error(String text) {
        return "  Error: " + text + "\n\n";
    }

    /** ndctl 76.1 prints the errno's text but exits with ENODEV's status whenever a create fails (no -e). */
    private static CommandResult failed(String details, String strerror) {
        return CommandResult.fail(256 - ENODEV, "", details + "failed to create namespace: " + strerror + "\n");
    }

    /** A create the kernel refused while ndctl set the namespace up: ndctl names the region, exits with -EINVAL. */
    private static CommandResult kernelRefused(Region r, String text) {
        return CommandResult.fail(256 - EINVAL, "", error("create namespace: " + r.dev() + ": " + text));
    }

    /** ndctl 76.1's {@code create-namespace} usage, as it prints it after an option error. */
    static final String CREATE_USAGE = """

             usage: ndctl create-namespace [<options>]

                -b, --bus <bus-id>    limit namespace to a bus with an id or provider of <bus-id>
                -r, --region <region-id>
                                      limit namespace to a region with an id or name of <region-id>
                -v, --verbose         emit extra debug messages to stderr
                -e, --reconfig <reconfig namespace>
                                      reconfigure existing namespace
                -u, --uuid <uuid>     specify the uuid for the namespace (default: autogenerate)
                -n, --name <name>     specify an optional free form name for the namespace
                -s, --size <size>     specify the namespace size in bytes (default: available capacity)
                -m, --mode <operation-mode>
                                      specify a mode for the namespace, 'sector', 'fsdax', 'devdax' or 'raw'
                -M, --map <memmap-location>
                                      specify 'mem' or 'dev' for the location of the memmap
                -l, --sector-size <lba-size>
                                      specify the logical sector size in bytes
                -t, --type <type>     specify the type of namespace to create 'pmem' or 'blk'
                -a, --align <align>   specify the namespace alignment in bytes (default: 2M)
                -f, --force           reconfigure namespace even if currently active
                -L, --autolabel       automatically initialize labels
                -c, --continue        continue creating namespaces as long as the filter criteria are met
                -R, --autorecover     automatically cleanup on failure

            """;
}
