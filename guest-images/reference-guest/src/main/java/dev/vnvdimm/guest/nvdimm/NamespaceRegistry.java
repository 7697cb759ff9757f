package dev.vnvdimm.guest.nvdimm;

import dev.vnvdimm.guest.labels.LabelStorageArea;
import dev.vnvdimm.guest.labels.Namespace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The namespace devices of each region, named as Linux names them: at boot the labelled namespaces get
 * {@code namespaceR.0, .1, ...} in DPA order and the idle seed the next number; a namespace created later
 * takes the seed's number and a new seed appears after it. A DIMM without a valid label index has one raw
 * namespace covering its whole region ({@code namespaceR.0}, block device {@code pmemR}). A labelled namespace
 * whose info block Linux would accept is shown in that block's mode ({@link ClaimBlocks}).
 */
public final class NamespaceRegistry {
    private final Map<Region, Map<UUID, Integer>> ids = new HashMap<>();
    private final Map<Region, Integer> seed = new HashMap<>();
    private final ClaimBlocks claims;

    /** Info blocks are read through {@code claims}. */
    public NamespaceRegistry(ClaimBlocks claims) {
        this.claims = claims;
    }

    /** Reads and writes the namespaces' info blocks. */
    public ClaimBlocks claims() {
        return claims;
    }

    /** The region's label area, when its DIMM has one with a valid index. */
    public static Optional<LabelStorageArea> validLabels(Region r) {
        return r.nmem().labels().filter(a -> a.detect().valid());
    }

    public synchronized List<NamespaceView> namespaces(Region r) {
        Optional<LabelStorageArea> labels = validLabels(r);
        if (labels.isEmpty()) {
            return List.of(new NamespaceView(dev(r, 0), NamespaceView.Kind.LABEL_LESS, r.size(), Optional.empty(),
                    "pmem" + r.index()));
        }
        List<Namespace> found = new ArrayList<>(labels.get().namespaces().stream()
                .filter(ns -> inRegion(r, ns)).toList());
        found.sort(Comparator.comparingLong(Namespace::dpa));
        Map<UUID, Integer> known = ids.computeIfAbsent(r, k -> new LinkedHashMap<>());
        known.keySet().retainAll(found.stream().map(Namespace::uuid).toList());
        for (Namespace ns : found) {
            if (!known.containsKey(ns.uuid())) {
                int id = seed.containsKey(r) ? seed.get(r) : known.size();
                known.put(ns.uuid(), id);
                seed.put(r, Math.max(seed.getOrDefault(r, 0), id) + 1);
            }
        }
        seed.putIfAbsent(r, found.size());
        List<NamespaceView> out = new ArrayList<>();
        for (Namespace ns : found) {
            int id = known.get(ns.uuid());
            out.add(new NamespaceView(dev(r, id), NamespaceView.Kind.LABELLED, ns.size(), Optional.of(ns),
                    id == 0 ? "pmem" + r.index() : "pmem" + r.index() + "." + id, claims.probe(r, ns)));
        }
        out.add(new NamespaceView(dev(r, seed.get(r)), NamespaceView.Kind.SEED, 0, Optional.empty(), ""));
        return out;
    }

    /** The names this registry gave in a region — namespace uuid to number, and the seed's number. */
    public synchronized Names names(Region r) {
        return new Names(Map.copyOf(ids.getOrDefault(r, Map.of())), Optional.ofNullable(seed.get(r)));
    }

    /** Takes over names given earlier (a guest resumed after migration keeps its device names). */
    public synchronized void restore(Region r, Names names) {
        ids.put(r, new LinkedHashMap<>(names.ids()));
        names.seed().ifPresentOrElse(s -> seed.put(r, s), () -> seed.remove(r));
    }

    /** Namespace numbers by uuid and the seed's number in one region. */
    public record Names(Map<UUID, Integer> ids, Optional<Integer> seed) {
    }

    /** Space a new namespace can still take: the aligned region minus what labels claim. */
    public long availableSize(Region r) {
        if (validLabels(r).isEmpty()) {
            return 0;
        }
        long used = namespaces(r).stream().mapToLong(NamespaceView::size).sum();
        return Math.max(0, (r.size() & -Region.ALIGN) - used);
    }

    /**
     * Whether a namespace's DPA range lies within its region: Linux makes no namespace of a label that claims DPA
     * outside the DIMM's range, and the guest must not look for its info block (or erase one) outside the region.
     */
    private static boolean inRegion(Region r, Namespace ns) {
        return ns.dpa() >= 0 && ns.size() >= 0 && ns.dpa() <= r.size() && ns.size() <= r.size() - ns.dpa();
    }

    private static String dev(Region r, int id) {
        return "namespace" + r.index() + "." + id;
    }
}
