package dev.vnvdimm.guest.nvdimm;

import dev.vnvdimm.guest.labels.Namespace;
import java.util.Optional;

/**
 * A namespace device as the guest shows it ({@code namespaceR.N}): a raw pmem namespace from labels, the
 * whole-region namespace of a label-less DIMM, or the idle "seed" namespace Linux keeps for the next create.
 */
public record NamespaceView(String dev, Kind kind, long size, Optional<Namespace> label, String blockdev) {
    /** What backs the namespace. */
    public enum Kind { LABELLED, LABEL_LESS, SEED }

    public boolean active() {
        return kind != Kind.SEED;
    }
}
