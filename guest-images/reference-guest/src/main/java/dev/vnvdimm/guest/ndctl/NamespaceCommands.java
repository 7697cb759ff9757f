package dev.vnvdimm.guest.ndctl;

import dev.vnvdimm.guest.labels.CreateRequest;
import dev.vnvdimm.guest.labels.LabelAreaException;
import dev.vnvdimm.guest.labels.LabelStorageArea;
import dev.vnvdimm.guest.labels.LabelVersion;
import dev.vnvdimm.guest.labels.Namespace;
import dev.vnvdimm.guest.labels.NdctlJson;
import dev.vnvdimm.guest.ndctl.CommandLineOptions.Spec;
import dev.vnvdimm.guest.nvdimm.DsmException;
import dev.vnvdimm.guest.nvdimm.NamespaceRegistry;
import dev.vnvdimm.guest.nvdimm.NamespaceView;
import dev.vnvdimm.guest.nvdimm.NvdimmBus;
import dev.vnvdimm.guest.nvdimm.Region;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * ndctl's {@code create-namespace} and {@code destroy-namespace}, raw mode only: a namespace is a label set in
 * the region's label storage area. Modes that need an on-media info block (fsdax, sector, devdax) are refused.
 * A read-only region's (an unarmed DIMM's) namespaces can be neither reconfigured nor destroyed, and none created.
 */
final class NamespaceCommands {
    private static final int ENXIO = 6;
    private static final int ENODEV = 19;
    private static final List<Spec> CREATE = List.of(new Spec('r', "region", true), new Spec('m', "mode", true),
            new Spec('s', "size", true), new Spec('n', "name", true), new Spec('u', "uuid", true),
            new Spec('l', "sector-size", true), new Spec('a', "align", true), new Spec('e', "reconfig", true),
            new Spec('f', "force", false), new Spec('b', "bus", true), new Spec('v', "verbose", false));
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
        String mode = o.value("mode").orElse("raw");
        if (!mode.equals("raw")) {
            return failed(error("mode '" + mode + "' needs an on-media info block, which is not "
                    + "supported by the reference guest (use -m raw)"), "Operation not supported");
        }
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
        if (size <= 0 || size % Region.ALIGN != 0) {
            return failed(error("--size=" + o.value("size").orElse("") + " is not a multiple of the "
                    + "region's alignment (16 MiB)"), "Invalid argument");
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
            Namespace ns = labels.get().createNamespace(CreateRequest.raw(uuid, name, size,
                    r.size(), r.isetCookie(version)));
            NamespaceView v = namespaces.namespaces(r).stream()
                    .filter(x -> x.label().map(l -> l.uuid().equals(ns.uuid())).orElse(false)).findFirst()
                    .orElseThrow();
            // ndctl uses human sizes only when its stdout is a terminal; a guest console captures it
            return CommandResult.ok(NdctlJson.print(NdctlJson.rawNamespace(ns, v.dev(), v.blockdev(), false))
                    + "\n", "");
        } catch (DsmException | LabelAreaException e) {
            return failed(error("label update failed: " + e.getMessage()), "Input/output error");
        }
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
                    err.append(v.dev()).append(" is active, specify --force for re-configuration\n");
                    continue;
                }
                try {
                    labels.orElseThrow().destroyNamespace(v.label().orElseThrow().uuid());
                    destroyed++;
                } catch (DsmException | LabelAreaException e) {
                    err.append(v.dev()).append(": ").append(e.getMessage()).append('\n');
                }
            }
        }
        err.append(Summary.namespaces("destroyed", destroyed));
        int status = refused ? 256 - ENXIO : destroyed > 0 || which.equals("all") ? 0 : 1;
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

    /** One of ndctl's error() lines: indented, and followed by an empty line. */
    private static String error(String text) {
        return "  Error: " + text + "\n\n";
    }

    /** ndctl 76.1 prints the errno's text but exits with ENODEV's status whenever a create fails (no -e). */
    private static CommandResult failed(String details, String strerror) {
        return CommandResult.fail(256 - ENODEV, "", details + "failed to create namespace: " + strerror + "\n");
    }
}
