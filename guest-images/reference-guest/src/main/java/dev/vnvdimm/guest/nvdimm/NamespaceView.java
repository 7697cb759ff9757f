package dev.vnvdimm.guest.nvdimm;

import dev.vnvdimm.guest.labels.Namespace;
import java.util.Optional;

/**
 * A namespace device as the guest shows it ({@code namespaceR.N}): a raw pmem namespace from labels, the
 * whole-region namespace of a label-less DIMM, or the idle "seed" namespace Linux keeps for the next create.
 * {@code size} is the namespace's own (what it takes of the region); a labelled namespace with an info block has
 * a {@code claim} whose device shows less.
 */
public record NamespaceView(String dev, Kind kind, long size, Optional<Namespace> label, String blockdev,
        Optional<NamespaceClaim> claim) {
    /** What backs the namespace. */
    public enum Kind { LABELLED, LABEL_LESS, SEED }

    public NamespaceView(String dev, Kind kind, long size, Optional<Namespace> label, String blockdev) {
        this(dev, kind, size, label, blockdev, Optional.empty());
    }

    public boolean active() {
        return kind != Kind.SEED;
    }
}
