package dev.vnvdimm.guest.ndctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vnvdimm.guest.labels.CreateRequest;
import dev.vnvdimm.guest.labels.InterleaveSetCookie;
import dev.vnvdimm.guest.labels.LabelAreaException;
import dev.vnvdimm.guest.labels.LabelStorageArea;
import dev.vnvdimm.guest.labels.LabelVersion;
import dev.vnvdimm.guest.labels.Namespace;
import dev.vnvdimm.guest.labels.NdctlJson;
import dev.vnvdimm.guest.ndctl.CommandLineOptions.Spec;
import dev.vnvdimm.guest.nvdimm.DsmException;
import dev.vnvdimm.guest.nvdimm.NamespaceRegistry;
import dev.vnvdimm.guest.nvdimm.NamespaceView;
import dev.vnvdimm.guest.nvdimm.Nmem;
import dev.vnvdimm.guest.nvdimm.NvdimmBus;
import dev.vnvdimm.guest.nvdimm.Region;
import java.io.IOException;
import dev.vnvdimm.guest.platform.HostFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The reference guest's {@code ndctl}: the command names, options, JSON and messages of ndctl 76.1 for what a
 * raw pmem namespace needs — {@code list}, {@code read-labels}, {@code write-labels}, {@code init-labels},
 * {@code check-labels}, {@code zero-labels}, {@code disable-region}, {@code enable-region},
 * {@code create-namespace} and {@code destroy-namespace}. Label writes need the DIMM's region disabled, as in
 * Linux. Modes that need an on-media info block (fsdax, sector, devdax) are refused as not supported here.
 */
public final class Ndctl {
    public static final String VERSION = "76.1";
    /** Exit status of a usage error (ndctl's parse-options). */
    static final int USAGE = 129;
    static final int ENODEV = 19;

    private final NvdimmBus bus;
    private final NamespaceRegistry namespaces;
    private final HostFiles files;
    private final Path workingDirectory;

    public Ndctl(NvdimmBus bus, NamespaceRegistry namespaces, HostFiles files, Path workingDirectory) {
        this.bus = bus;
        this.namespaces = namespaces;
        this.files = files;
        this.workingDirectory = workingDirectory;
    }

    public CommandResult run(List<String> args) {
        if (args.isEmpty()) {
            return CommandResult.fail(1, "", usage());
        }
        List<String> rest = args.subList(1, args.size());
        try {
            return switch (args.get(0)) {
                case "--version", "version" -> CommandResult.ok(VERSION + "\n", "");
                case "list" -> list(rest);
                case "read-labels" -> readLabels(rest);
                case "write-labels" -> writeLabels(rest);
                case "init-labels" -> initLabels(rest);
                case "check-labels" -> checkLabels(rest);
                case "zero-labels" -> zeroLabels(rest);
                case "disable-region" -> regionAction(rest, false);
                case "enable-region" -> regionAction(rest, true);
                case "create-namespace" -> createNamespace(rest);
                case "destroy-namespace" -> destroyNamespace(rest);
                default -> CommandResult.fail(1, "", "ndctl: '" + args.get(0) + "' is not an ndctl command. "
                        + "See 'ndctl --help'.\n");
            };
        } catch (CommandLineOptions.UsageException e) {
            return CommandResult.fail(USAGE, "", "  Error: " + e.getMessage() + "\n\n" + usage());
        }
    }

    private static String usage() {
        return " usage: ndctl [--version] [--help] COMMAND [ARGS]\n";
    }

    // ---- list ------------------------------------------------------------------------------------------------

    private static final List<Spec> LIST = List.of(new Spec('D', "dimms", false), new Spec('N', "namespaces", false),
            new Spec('R', "regions", false), new Spec('B', "buses", false), new Spec('i', "idle", false),
            new Spec('u', "human", false), new Spec('v', "verbose", false), new Spec('r', "region", true),
            new Spec('d', "dimm", true), new Spec('n', "namespace", true), new Spec('b', "bus", true));

    private CommandResult list(List<String> args) {
        CommandLineOptions o = CommandLineOptions.parse(args, LIST);
        // ndctl's verbosity switches listings on: -v adds the namespaces, -vv also the buses, DIMMs and regions
        int verbosity = o.count("verbose");
        boolean buses = o.flag("buses") || verbosity >= 2;
        boolean dimms = o.flag("dimms") || verbosity >= 2;
        boolean regions = o.flag("regions") || verbosity >= 2;
        boolean nss = o.flag("namespaces") || verbosity >= 1 || !(dimms || regions || buses);
        boolean idle = o.flag("idle");
        boolean human = o.flag("human");
        boolean verbose = verbosity >= 1;
        ObjectMapper m = new ObjectMapper();
        ArrayNode jd = m.createArrayNode();
        ArrayNode jr = m.createArrayNode();
        ArrayNode jn = m.createArrayNode();
        for (Nmem n : bus.nmems()) {
            if (dimms && matches(o.value("dimm"), n.dev())) {
                jd.add(dimmJson(m, n));
            }
        }
        for (Region r : sortedRegions()) {
            if (!matches(o.value("region"), r.dev()) || (!r.enabled() && !idle)) {
                continue;
            }
            ArrayNode regionNamespaces = m.createArrayNode();
            if (nss && r.enabled()) {
                List<NamespaceView> views = new ArrayList<>(namespaces.namespaces(r));
                views.sort(Comparator.comparing(NamespaceView::dev).reversed());
                for (NamespaceView v : views) {
                    if ((v.active() || idle) && matches(o.value("namespace"), v.dev())) {
                        regionNamespaces.add(namespaceJson(v, r, human, verbose));
                    }
                }
            }
            if (regions) {
                ObjectNode j = regionJson(m, r, dimms, human, verbose);
                if (nss && !regionNamespaces.isEmpty()) {
                    j.set("namespaces", regionNamespaces);
                }
                jr.add(j);
            } else {
                jn.addAll(regionNamespaces);
            }
        }
        JsonNode out;
        if (buses) {
            ObjectNode b = m.createObjectNode();
            b.put("provider", "ACPI.NFIT");
            b.put("dev", "ndbus0");
            if (dimms && !jd.isEmpty()) {
                b.set("dimms", jd);
            }
            if (regions && !jr.isEmpty()) {
                b.set("regions", jr);
            } else if (nss && !jn.isEmpty()) {
                b.set("namespaces", jn);
            }
            ArrayNode all = m.createArrayNode().add(b);
            return CommandResult.ok(NdctlJson.print(all) + "\n", "");
        }
        // more than one listing asked for (namespaces nested in regions count too) gives ndctl's object form
        int kinds = (dimms ? 1 : 0) + (regions ? 1 : 0) + (nss ? 1 : 0);
        if (kinds > 1) {
            ObjectNode platform = m.createObjectNode();
            if (dimms && !jd.isEmpty()) {
                platform.set("dimms", jd);
            }
            if (regions && !jr.isEmpty()) {
                platform.set("regions", jr);
            }
            if (nss && !regions && !jn.isEmpty()) {
                platform.set("namespaces", jn);
            }
            if (platform.isEmpty()) {
                return CommandResult.ok("", ""); // ndctl creates its lists lazily: nothing found, nothing printed
            }
            out = platform;
        } else {
            ArrayNode only = dimms ? jd : regions ? jr : jn;
            if (only.isEmpty()) {
                return CommandResult.ok("", "");
            }
            // ndctl prints a lone item bare only in its human (-u) format; otherwise always an array
            out = only.size() == 1 && human ? only.get(0) : only;
        }
        return CommandResult.ok(NdctlJson.print(out) + "\n", "");
    }

    private List<Region> sortedRegions() {
        return bus.regions();
    }

    private static boolean matches(Optional<String> filter, String dev) {
        return filter.isEmpty() || filter.get().equals("all") || filter.get().equals(dev);
    }

    private static ObjectNode dimmJson(ObjectMapper m, Nmem n) {
        ObjectNode j = m.createObjectNode();
        j.put("dev", n.dev());
        j.put("id", n.id());
        j.put("handle", n.handle());
        j.put("phys_id", n.physId());
        if (n.unarmed()) {
            j.put("flag_failed_arm", true);
        }
        return j;
    }

    private ObjectNode regionJson(ObjectMapper m, Region r, boolean withMappings, boolean human, boolean verbose) {
        ObjectNode j = m.createObjectNode();
        j.put("dev", r.dev());
        size(j, "size", r.size(), human);
        size(j, "align", Region.ALIGN, human);
        long available = namespaces.availableSize(r);
        size(j, "available_size", available, human);
        size(j, "max_available_extent", available, human);
        j.put("type", "pmem");
        if (verbose) {
            j.put("numa_node", r.numaNode());
            j.put("target_node", r.numaNode());
        }
        NamespaceRegistry.validLabels(r).ifPresent(a -> j.put("iset_id", isetCookie(r, a.detect().version())));
        if (withMappings) {
            ObjectNode map = j.putArray("mappings").addObject();
            map.put("dimm", r.nmem().dev());
            map.put("offset", r.nmem().map().regionOffset());
            size(map, "length", r.size(), human);
            map.put("position", 0);
        }
        if (!r.enabled()) {
            j.put("state", "disabled");
        }
        j.put("persistence_domain", r.persistenceDomain());
        return j;
    }

    private static void size(ObjectNode j, String field, long bytes, boolean human) {
        String h = human ? NdctlJson.humanSize(bytes) : null;
        if (h == null) {
            j.put(field, bytes);
        } else {
            j.put(field, h);
        }
    }

    private static ObjectNode namespaceJson(NamespaceView v, Region r, boolean human, boolean verbose) {
        ObjectNode j = switch (v.kind()) {
            case LABELLED -> NdctlJson.rawNamespace(v.label().orElseThrow(), v.dev(), v.blockdev(), human);
            case LABEL_LESS -> NdctlJson.labelLessNamespace(v.dev(), v.size(), v.blockdev());
            case SEED -> NdctlJson.seedNamespace(v.dev());
        };
        if (human && v.kind() == NamespaceView.Kind.LABEL_LESS) {
            size(j, "size", v.size(), true);
        }
        return verbose ? NdctlJson.withNuma(j, (int) r.numaNode(), (int) r.numaNode()) : j;
    }

    /** Linux's interleave-set cookie for the region's DIMM, in the format of its label version. */
    static long isetCookie(Region r, LabelVersion version) {
        var dcr = r.nmem().controlRegion();
        return InterleaveSetCookie.forVersion(version, List.of(new InterleaveSetCookie.Mapping(
                r.nmem().map().regionOffset(), (int) dcr.serialNumber(), dcr.vendorId(), dcr.manufacturingDate(),
                dcr.manufacturingLocation())));
    }

    // ---- labels ----------------------------------------------------------------------------------------------

    private static final List<Spec> READ_LABELS = List.of(new Spec('j', "json", false), new Spec('o', "output", true),
            new Spec('O', "offset", true), new Spec('s', "size", true), new Spec('b', "bus", true),
            new Spec('v', "verbose", false), new Spec('u', "human", false));

    private CommandResult readLabels(List<String> args) {
        CommandLineOptions o = CommandLineOptions.parse(args, READ_LABELS);
        List<Nmem> targets = dimms(o);
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        int done = 0;
        ObjectMapper m = new ObjectMapper();
        List<JsonNode> jsons = new ArrayList<>();
        for (Nmem n : targets) {
            Optional<LabelStorageArea> area = n.labels();
            if (area.isEmpty()) {
                continue;
            }
            try {
                if (o.flag("json")) {
                    jsons.add(NdctlJson.readLabels(n.dev(), area.get().dump()));
                } else {
                    int offset = (int) o.value("offset").map(Ndctl::parseSize).orElse(0L).longValue();
                    int size = (int) o.value("size").map(Ndctl::parseSize).orElse((long) area.get().size() - offset)
                            .longValue();
                    byte[] bytes = area.get().read(offset, size);
                    if (o.value("output").isPresent()) {
                        files.writeAll(resolve(o.value("output").get()), bytes);
                    } else {
                        out.append(HexDump.of(bytes, offset));
                    }
                }
                done++;
            } catch (DsmException | LabelAreaException | IOException e) {
                err.append(n.dev()).append(": failed to read labels: ").append(e.getMessage()).append('\n');
            }
        }
        if (!jsons.isEmpty()) {
            // ndctl prints a lone DIMM bare only to a terminal; a guest console captures its stdout
            JsonNode j = m.valueToTree(jsons);
            out.append(NdctlJson.print(j)).append('\n');
        }
        err.append("read ").append(done).append(" nmem").append(plural(done)).append('\n');
        return new CommandResult(done == targets.size() && done > 0 ? 0 : 1, out.toString(), err.toString());
    }

    private static final List<Spec> WRITE_LABELS = List.of(new Spec('i', "input", true), new Spec('b', "bus", true),
            new Spec('v', "verbose", false));

    private CommandResult writeLabels(List<String> args) {
        CommandLineOptions o = CommandLineOptions.parse(args, WRITE_LABELS);
        return labelWrite(dimms(o), "wrote", (n, area) -> {
            byte[] image = files.readAll(resolve(o.value("input")
                    .orElseThrow(() -> new CommandLineOptions.UsageException("option `input' is required"))));
            if (image.length != area.size()) {
                throw new IOException("input is " + image.length + " bytes, the label area " + area.size());
            }
            area.writeAll(image);
        });
    }

    private static final List<Spec> INIT_LABELS = List.of(new Spec('f', "force", false),
            new Spec('V', "label-version", true), new Spec('b', "bus", true), new Spec('v', "verbose", false));

    private CommandResult initLabels(List<String> args) {
        CommandLineOptions o = CommandLineOptions.parse(args, INIT_LABELS);
        LabelVersion version = LabelVersion.parse(o.value("label-version").orElse("1.1"));
        boolean force = o.flag("force");
        return labelWrite(dimms(o), "initialized", (n, area) -> {
            if (!force && area.detect().valid()) {
                throw new AlreadyInitialized();
            }
            area.initLabels(version, true);
        });
    }

    private CommandResult zeroLabels(List<String> args) {
        CommandLineOptions o = CommandLineOptions.parse(args, INIT_LABELS);
        return labelWrite(dimms(o), "zeroed", (n, area) -> area.zeroLabels());
    }

    /** A label write on each DIMM: refused while its region is active, counted when done. */
    private CommandResult labelWrite(List<Nmem> targets, String verb, LabelAction action) {
        StringBuilder err = new StringBuilder();
        int done = 0;
        for (Nmem n : targets) {
            Optional<LabelStorageArea> area = n.labels();
            if (area.isEmpty()) {
                continue;
            }
            if (bus.regionOf(n).map(Region::enabled).orElse(false)) {
                err.append(n.dev()).append(": regions active, abort label write\n");
                continue;
            }
            try {
                action.apply(n, area.get());
                done++;
            } catch (AlreadyInitialized e) {
                err.append(n.dev()).append(": error: labels already initialized\n");
            } catch (DsmException | LabelAreaException | IOException e) {
                err.append(n.dev()).append(": failed: ").append(e.getMessage()).append('\n');
            }
        }
        err.append(verb).append(' ').append(done).append(" nmem").append(plural(done)).append('\n');
        return new CommandResult(done == targets.size() && done > 0 ? 0 : 1, "", err.toString());
    }

    private CommandResult checkLabels(List<String> args) {
        CommandLineOptions o = CommandLineOptions.parse(args, INIT_LABELS);
        List<Nmem> targets = dimms(o);
        StringBuilder err = new StringBuilder();
        int ok = 0;
        for (Nmem n : targets) {
            Optional<LabelStorageArea> area = n.labels();
            if (area.isEmpty()) {
                continue;
            }
            try {
                var report = area.get().checkLabels();
                if (report.ok()) {
                    ok++;
                } else if (o.flag("verbose")) {
                    report.messages().forEach(msg -> err.append(n.dev()).append(": ").append(msg).append('\n'));
                }
            } catch (DsmException | LabelAreaException e) {
                err.append(n.dev()).append(": ").append(e.getMessage()).append('\n');
            }
        }
        err.append("successfully verified ").append(ok).append(" nmem label").append(plural(ok))
                .append('\n');
        return new CommandResult(ok == targets.size() && ok > 0 ? 0 : 1, "", err.toString());
    }

    private List<Nmem> dimms(CommandLineOptions o) {
        if (o.positional().isEmpty()) {
            throw new CommandLineOptions.UsageException("at least one nmem must be specified");
        }
        List<Nmem> out = new ArrayList<>();
        for (String name : o.positional()) {
            if (name.equals("all")) {
                out.addAll(bus.nmems());
            } else {
                String dev = name.matches("\\d+") ? "nmem" + name : name;
                bus.nmem(dev).ifPresent(out::add);
            }
        }
        return out;
    }

    // ---- regions ---------------------------------------------------------------------------------------------

    private static final List<Spec> REGION = List.of(new Spec('b', "bus", true), new Spec('v', "verbose", false));

    private CommandResult regionAction(List<String> args, boolean enable) {
        CommandLineOptions o = CommandLineOptions.parse(args, REGION);
        if (o.positional().isEmpty()) {
            throw new CommandLineOptions.UsageException("at least one region must be specified");
        }
        int n = 0;
        for (Region r : bus.regions()) {
            if (o.positional().contains("all") || o.positional().contains(r.dev())
                    || o.positional().contains(String.valueOf(r.index()))) {
                r.setEnabled(enable);
                n++;
            }
        }
        String verb = enable ? "enabled" : "disabled";
        return new CommandResult(n > 0 ? 0 : 1, "", verb + " " + n + " region" + plural(n) + "\n");
    }

    // ---- namespaces ------------------------------------------------------------------------------------------

    private static final List<Spec> CREATE = List.of(new Spec('r', "region", true), new Spec('m', "mode", true),
            new Spec('s', "size", true), new Spec('n', "name", true), new Spec('u', "uuid", true),
            new Spec('l', "sector-size", true), new Spec('a', "align", true), new Spec('e', "reconfig", true),
            new Spec('f', "force", false), new Spec('b', "bus", true), new Spec('v', "verbose", false));

    private CommandResult createNamespace(List<String> args) {
        CommandLineOptions o = CommandLineOptions.parse(args, CREATE);
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
            return failed(error(r.dev() + " is label-less: its one namespace already covers the "
                    + "whole region in raw mode"), "Device or resource busy");
        }
        long available = namespaces.availableSize(r);
        long size = o.value("size").map(Ndctl::parseSize).orElse(available);
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
                    r.size(), isetCookie(r, version)));
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

    private static final List<Spec> DESTROY = List.of(new Spec('r', "region", true), new Spec('f', "force", false),
            new Spec('b', "bus", true), new Spec('v', "verbose", false));

    private CommandResult destroyNamespace(List<String> args) {
        CommandLineOptions o = CommandLineOptions.parse(args, DESTROY);
        if (o.positional().isEmpty()) {
            throw new CommandLineOptions.UsageException("<namespace> must be specified");
        }
        String which = o.positional().get(0);
        StringBuilder err = new StringBuilder();
        int destroyed = 0;
        for (Region r : bus.regions()) {
            if (!matches(o.value("region"), r.dev()) || !r.enabled()) {
                continue;
            }
            Optional<LabelStorageArea> labels = NamespaceRegistry.validLabels(r);
            for (NamespaceView v : namespaces.namespaces(r)) {
                if (v.kind() != NamespaceView.Kind.LABELLED
                        || !(which.equals("all") || which.equals(v.dev()))) {
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
        err.append("destroyed ").append(destroyed).append(" namespace").append(plural(destroyed))
                .append('\n');
        return new CommandResult(destroyed > 0 || which.equals("all") ? 0 : 1, "", err.toString());
    }

    /** One of ndctl's error() lines: indented, and followed by an empty line. */
    private static String error(String text) {
        return "  Error: " + text + "\n\n";
    }

    /** ndctl 76.1 prints the errno's text but exits with ENODEV's status whenever a create fails (no -e). */
    private static CommandResult failed(String details, String strerror) {
        return CommandResult.fail(256 - ENODEV, "", details + "failed to create namespace: " + strerror + "\n");
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** ndctl's summaries add an "s" only above one: "read 0 nmem", "read 1 nmem", "read 2 nmems". */
    private static String plural(int n) {
        return n > 1 ? "s" : "";
    }

    /** ndctl's sizes: a number with an optional K, M, G or T suffix (binary multiples). */
    static long parseSize(String s) {
        String t = s.strip().toUpperCase(Locale.ROOT);
        long unit = 1;
        char last = t.charAt(t.length() - 1);
        int idx = "KMGT".indexOf(last);
        if (idx >= 0) {
            unit = 1L << (10 * (idx + 1));
            t = t.substring(0, t.length() - 1);
        }
        try {
            return (t.startsWith("0X") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t)) * unit;
        } catch (NumberFormatException e) {
            throw new CommandLineOptions.UsageException("invalid size '" + s + "'");
        }
    }

    private Path resolve(String file) {
        return workingDirectory.resolve(file);
    }

    @FunctionalInterface
    private interface LabelAction {
        void apply(Nmem n, LabelStorageArea area) throws IOException;
    }

    private static final class AlreadyInitialized extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }
}
