package dev.vnvdimm.guest.labels;

import java.util.Locale;

/**
 * Namespace label format versions (UEFI 2.7 "Label Storage Area"): v1.1 labels are 128 bytes, v1.2 labels
 * 256 bytes with a checksum, a type GUID and an abstraction GUID. The index block records the version as
 * {@code major.minor} and the label size as {@code labelsize = log2(size) - 7}.
 */
public enum LabelVersion {
    V1_1(128, 1),
    V1_2(256, 2);

    private final int labelSize;
    private final int minor;

    LabelVersion(int labelSize, int minor) {
        this.labelSize = labelSize;
        this.minor = minor;
    }

    public int labelSize() {
        return labelSize;
    }

    public int major() {
        return 1;
    }

    public int minor() {
        return minor;
    }

    /** The index block's {@code labelsize} byte: 0 for 128-byte labels, 1 for 256-byte labels. */
    public int labelSizeCode() {
        return labelSize >> 8;
    }

    /** {@code 1.1}, {@code v1.1}, {@code 1.2} or {@code v1.2}, as ndctl's {@code --label-version} accepts. */
    public static LabelVersion parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("v")) {
            t = t.substring(1);
        }
        return switch (t) {
            case "1.1" -> V1_1;
            case "1.2" -> V1_2;
            default -> throw new IllegalArgumentException("unknown label version: " + text);
        };
    }

    public static LabelVersion ofLabelSize(int size) {
        for (LabelVersion v : values()) {
            if (v.labelSize == size) {
                return v;
            }
        }
        throw new IllegalArgumentException("no label version with " + size + "-byte labels");
    }

    @Override
    public String toString() {
        return "v1." + minor;
    }
}
