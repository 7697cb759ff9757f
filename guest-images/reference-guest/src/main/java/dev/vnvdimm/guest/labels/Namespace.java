package dev.vnvdimm.guest.labels;

import java.util.List;
import java.util.UUID;

/**
 * A namespace as the active labels of one DIMM describe it: the labels sharing a UUID. On QEMU every
 * region is one DIMM, so a namespace has one label ({@code nlabel} 1, {@code position} 0); the size is the
 * sum of the labels' raw sizes and the DPA the lowest label DPA.
 *
 * @param updating        some label still carries the UPDATING flag (an update was interrupted or is
 *                        in its first phase)
 * @param abstractionGuid the claim recorded in v1.2 labels (nil GUID for raw namespaces and for v1.1)
 */
public record Namespace(UUID uuid, String name, long size, long dpa, long lbaSize, long isetCookie,
        UUID abstractionGuid, boolean updating, List<NamespaceLabel> labels) {

    static Namespace of(List<NamespaceLabel> labels) {
        NamespaceLabel first = labels.get(0);
        return new Namespace(first.uuid(), first.name(),
                labels.stream().mapToLong(NamespaceLabel::rawSize).sum(),
                labels.stream().mapToLong(NamespaceLabel::dpa).min().orElse(0),
                first.lbaSize(), first.isetCookie(), first.abstractionGuid(),
                labels.stream().anyMatch(NamespaceLabel::updating), List.copyOf(labels));
    }

    /** Sector size as {@code ndctl list} shows it for a raw namespace: the label's LBA size, 512 if unset. */
    public long sectorSize() {
        return lbaSize == 0 ? 512 : lbaSize;
    }
}
