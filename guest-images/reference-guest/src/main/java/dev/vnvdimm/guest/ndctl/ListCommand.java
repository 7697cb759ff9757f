package dev.vnvdimm.guest.ndctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vnvdimm.guest.labels.NdctlJson;
import dev.vnvdimm.guest.ndctl.CommandLineOptions.Spec;
import dev.vnvdimm.guest.nvdimm.NamespaceRegistry;
import dev.vnvdimm.guest.nvdimm.NamespaceView;
import dev.vnvdimm.guest.nvdimm.Nmem;
import dev.vnvdimm.guest.nvdimm.NvdimmBus;
import dev.vnvdimm.guest.nvdimm.Region;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code ndctl list}: the bus's DIMMs, regions and namespaces as ndctl 76.1's JSON, in its shapes — an array, a
 * bare object for a lone item in human format, an object of lists when more than one kind is asked for.
 */
final class ListCommand {
    private static final List<Spec> OPTIONS = List.of(new Spec('D', "dimms", false),
            new Spec('N', "namespaces", false), new Spec('R', "regions", false), new Spec('B', "buses", false),
            new Spec('i', "idle", false), new Spec('u', "human", false), new Spec('v', "verbose", false),
            new Spec('r', "region", true), new Spec('d', "dimm", true), new Spec('n', "namespace", true),
            new Spec('b', "bus", true));

    private final NvdimmBus bus;
    private final NamespaceRegistry namespaces;

    ListCommand(NvdimmBus bus, NamespaceRegistry namespaces) {
        this.bus = bus;
        this.namespaces = namespaces;
    }

    CommandResult run(List<String> args) {
        CommandLineOptions o = CommandLineOptions.parse(args, OPTIONS);
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
            if (dimms && o.selects("dimm", n.dev())) {
                jd.add(dimmJson(m, n));
            }
        }
        for (Region r : bus.regions()) {
            if (!o.selects("region", r.dev()) || (!r.enabled() && !idle)) {
                continue;
            }
            ArrayNode regionNamespaces = m.createArrayNode();
            if (nss && r.enabled()) {
                List<NamespaceView> views = new ArrayList<>(namespaces.namespaces(r));
                views.sort(Comparator.comparing(NamespaceView::dev).reversed());
                for (NamespaceView v : views) {
                    if ((v.active() || idle) && o.selects("namespace", v.dev())) {
                        regionNamespaces.add(NamespaceJson.of(v, r, human, verbose, false));
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
        NamespaceRegistry.validLabels(r).ifPresent(a -> j.put("iset_id", r.isetCookie(a.detect().version())));
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

    /** A size field: bytes, or with {@code -u} ndctl's human string where it has one. */
    private static void size(ObjectNode j, String field, long bytes, boolean human) {
        String h = human ? NdctlJson.humanSize(bytes) : null;
        if (h == null) {
            j.put(field, bytes);
        } else {
            j.put(field, h);
        }
    }
}
