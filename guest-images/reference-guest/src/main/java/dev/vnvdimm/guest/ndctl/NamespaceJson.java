package dev.vnvdimm.guest.ndctl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vnvdimm.guest.labels.Namespace;
import dev.vnvdimm.guest.labels.NdctlJson;
import dev.vnvdimm.guest.nvdimm.NamespaceClaim;
import dev.vnvdimm.guest.nvdimm.NamespaceView;
import dev.vnvdimm.guest.nvdimm.Region;

/**
 * One namespace as ndctl 76.1 prints it in {@code list} and {@code create-namespace}, members in its order. A
 * claimed namespace shows its pfn, dax or btt device: that device's UUID (the label's as {@code raw_uuid} with
 * {@code -v}) and size; fsdax and sector name a block device ({@code pmemR.N}, a sector one with an {@code s}
 * after it), devdax a character device {@code daxR.N} — as a {@code chardev} in a plain listing, inside a
 * {@code daxregion} with {@code -v} and in {@code create-namespace}'s answer.
 */
final class NamespaceJson {
    private static final ObjectMapper M = new ObjectMapper();

    private NamespaceJson() {
    }

    /**
     * @param daxRegion print a devdax namespace's {@code daxregion} rather than its {@code chardev} (ndctl's
     *                  verbose listing, and what {@code create-namespace} prints)
     */
    static ObjectNode of(NamespaceView v, Region r, boolean human, boolean verbose, boolean daxRegion) {
        ObjectNode j = switch (v.kind()) {
            case LABELLED -> v.claim().isPresent()
                    ? claimed(v, v.claim().get(), r, human, verbose, daxRegion)
                    : NdctlJson.rawNamespace(v.label().orElseThrow(), v.dev(), v.blockdev(), human);
            case LABEL_LESS -> NdctlJson.labelLessNamespace(v.dev(), v.size(), v.blockdev());
            case SEED -> NdctlJson.seedNamespace(v.dev());
        };
        if (human && v.kind() == NamespaceView.Kind.LABEL_LESS) {
            size(j, "size", v.size(), true);
        }
        return verbose ? NdctlJson.withNuma(j, (int) r.numaNode(), (int) r.numaNode()) : j;
    }

    private static ObjectNode claimed(NamespaceView v, NamespaceClaim c, Region r, boolean human, boolean verbose,
            boolean daxRegion) {
        Namespace ns = v.label().orElseThrow();
        ObjectNode j = M.createObjectNode();
        j.put("dev", v.dev());
        j.put("mode", c.mode().ndctlName());
        if (c.mode() != NamespaceClaim.Mode.SECTOR) {
            j.put("map", c.memmapInPmem() ? "dev" : "mem");
        }
        size(j, "size", c.size(), human);
        j.put("uuid", c.uuid().toString());
        if (verbose) {
            j.put("raw_uuid", ns.uuid().toString());
        }
        switch (c.mode()) {
            case FSDAX -> {
                j.put("sector_size", c.sectorSize());
                j.put("align", c.align());
                j.put("blockdev", v.blockdev());
            }
            case SECTOR -> {
                j.put("sector_size", c.sectorSize());
                j.put("blockdev", v.blockdev() + "s");
            }
            case DEVDAX -> {
                String chardev = chardev(v);
                if (daxRegion || verbose) {
                    ObjectNode region = j.putObject("daxregion");
                    region.put("id", r.index());
                    size(region, "size", c.size(), human);
                    region.put("align", c.align());
                    ObjectNode dev = region.putArray("devices").addObject();
                    dev.put("chardev", chardev);
                    size(dev, "size", c.size(), human);
                    dev.put("target_node", r.numaNode());
                    dev.put("align", c.align());
                    dev.put("mode", "devdax");
                } else {
                    j.put("chardev", chardev);
                }
                j.put("align", c.align());
            }
            default -> throw new IllegalStateException();
        }
        if (!ns.name().isEmpty()) {
            j.put("name", ns.name());
        }
        return j;
    }

    /** Linux's dax_pmem names the character device after the namespace: namespaceR.N gives daxR.N. */
    static String chardev(NamespaceView v) {
        return v.dev().replace("namespace", "dax");
    }

    private static void size(ObjectNode j, String field, long bytes, boolean human) {
        String h = human ? NdctlJson.humanSize(bytes) : null;
        if (h == null) {
            j.put(field, bytes);
        } else {
            j.put(field, h);
        }
    }
}
