package dev.vnvdimm.guest.labels;

import java.util.List;

/**
 * One label-changing operation on an area, in the kernel's order, so that one valid index exists at every moment:
 * a new label goes into a slot that is free in the current index, then the <em>other</em> (older) index block is
 * overwritten with the next sequence number and the new free bitmap; that write makes it current. A crash before
 * the index write leaves the old state; a torn index write leaves a block that fails its checksum (the old one
 * stays current). Keeps the area's image as this operation last read or wrote it.
 */
final class LabelUpdate {
    private final LabelStorageArea area;
    private final byte[] image;
    private final LabelGeometry geometry;
    private int current;

    private LabelUpdate(LabelStorageArea area, byte[] image, LabelGeometry geometry, int current) {
        this.area = area;
        this.image = image;
        this.geometry = geometry;
        this.current = current;
    }

    /**
     * Probes the area as Linux does before changing it.
     *
     * @throws LabelAreaException when it has no valid index
     */
    static LabelUpdate begin(LabelStorageArea area) {
        LabelStorageArea.Probe p = area.probe();
        if (!p.detection().valid()) {
            throw new LabelAreaException("no valid index");
        }
        return new LabelUpdate(area, p.image(), p.detection().geometry(), p.detection().current());
    }

    LabelVersion version() {
        return geometry.version();
    }

    /** The labels of the current index, as Linux accepts them. */
    List<NamespaceLabel> activeLabels() {
        return LabelStorageArea.activeLabels(image, detection());
    }

    /**
     * Writes {@code label} into the slot {@link LabelAllocation} picks, then the next index with that slot in use
     * and every other slot holding a label of the same UUID freed. Returns the label as written.
     */
    NamespaceLabel writeLabel(NamespaceLabel label) {
        NamespaceIndex cur = currentIndex();
        int slot = LabelAllocation.slot(cur);
        NamespaceLabel placed = label.withSlot(slot);
        byte[] bytes = placed.encode();
        area.write(geometry.slotOffset(slot), bytes);
        System.arraycopy(bytes, 0, image, geometry.slotOffset(slot), bytes.length);

        NamespaceIndex next = cur.withFree(slot, false);
        for (NamespaceLabel old : activeLabels()) {
            if (old.slot() != slot && old.uuid().equals(label.uuid())) {
                next = next.withFree(old.slot(), true);
            }
        }
        writeNextIndex(next);
        return NamespaceLabel.parse(image, geometry.slotOffset(slot), geometry.version());
    }

    /**
     * One index update that marks these labels' slots free; the labels themselves stay in their slots, which is
     * why {@code read-labels} still shows them.
     */
    void free(List<NamespaceLabel> labels) {
        NamespaceIndex next = currentIndex();
        for (NamespaceLabel l : labels) {
            next = next.withFree(l.slot(), true);
        }
        writeNextIndex(next);
    }

    private NamespaceIndex currentIndex() {
        return NamespaceIndex.of(image, geometry.indexOffset(current), geometry.indexSize());
    }

    private Detection detection() {
        return LabelStorageArea.detect(image, area.size());
    }

    /** Writes {@code content} (a changed copy of the current block) as the other block, which becomes current. */
    private void writeNextIndex(NamespaceIndex content) {
        int other = 1 - current;
        int seq = NamespaceIndex.nextSeq(currentIndex().seq());
        byte[] bytes = content.withHeader(geometry, other, seq).bytes();
        area.write(geometry.indexOffset(other), bytes);
        System.arraycopy(bytes, 0, image, geometry.indexOffset(other), bytes.length);
        current = other;
    }
}
