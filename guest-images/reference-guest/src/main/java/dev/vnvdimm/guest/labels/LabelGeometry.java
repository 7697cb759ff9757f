package dev.vnvdimm.guest.labels;

/**
 * Where things are in a label storage area of {@code configSize} bytes holding {@code labelSize}-byte
 * labels: index block 0 at 0, index block 1 at {@code indexSize}, slot {@code i} at
 * {@code labelOffset + i * labelSize} (UEFI 2.7 "Label Storage Area"; Linux {@code sizeof_namespace_index},
 * {@code nvdimm_num_label_slots}).
 *
 * <p>The index size is first estimated for {@code configSize / labelSize} slots, then the slots are what
 * remains after two index blocks: 128 KiB gives 1020 slots/256-byte blocks (v1.1) and 510/256 (v1.2),
 * 256 KiB 2040/512 and 1022/256, 2 MiB 16348/2304 and 8182/1280.
 */
public record LabelGeometry(int configSize, int labelSize, int indexSize, int nslot) {

    /** Linux refuses label areas below this size ({@code ND_LABEL_MIN_SIZE}). */
    public static final int MIN_CONFIG_SIZE = 1024;

    public static LabelGeometry of(int configSize, LabelVersion version) {
        return of(configSize, version.labelSize());
    }

    /** @throws IllegalArgumentException when the area cannot hold two index blocks and two slots */
    public static LabelGeometry of(int configSize, int labelSize) {
        if (configSize < MIN_CONFIG_SIZE) {
            throw new IllegalArgumentException("label area of " + configSize + " bytes is below the minimum of "
                    + MIN_CONFIG_SIZE);
        }
        int estimate = configSize / labelSize;
        int indexSize = NamespaceIndex.sizeFor(estimate);
        int nslot = (configSize - 2 * indexSize) / labelSize;
        if (nslot < 2) {
            throw new IllegalArgumentException("label area of " + configSize + " bytes holds fewer than two "
                    + labelSize + "-byte labels");
        }
        return new LabelGeometry(configSize, labelSize, indexSize, nslot);
    }

    public LabelVersion version() {
        return LabelVersion.ofLabelSize(labelSize);
    }

    public int indexOffset(int index) {
        return index * indexSize;
    }

    public int labelOffset() {
        return 2 * indexSize;
    }

    public int slotOffset(int slot) {
        return labelOffset() + slot * labelSize;
    }
}
