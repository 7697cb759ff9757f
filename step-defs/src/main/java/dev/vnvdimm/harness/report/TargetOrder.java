package dev.vnvdimm.harness.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The matrix's columns in the order a reader expects: the reference first, then QEMU by version ascending
 * ({@code qemu-container:5.2 < 7.2 < 10.0 < 11.1}; the local {@code qemu} by the version it reported), each QEMU's
 * {@code @linux-X} kernels after it, by kernel version.
 */
final class TargetOrder {
    private static final Pattern VERSION = Pattern.compile("(\\d+(?:\\.\\d+)*)");

    private TargetOrder() {
    }

    /** Orders target names, reading the local QEMU's version from what each column's target reported. */
    static Comparator<String> of(Map<String, Provenance> provenances) {
        return Comparator.<String>comparingInt(t -> t.startsWith("reference") ? 0 : t.startsWith("qemu") ? 1 : 2)
                .thenComparing(t -> version(qemuVersion(t, provenances.get(t))), TargetOrder::compare)
                .thenComparing(t -> version(kernel(t)), TargetOrder::compare)
                .thenComparing(Comparator.naturalOrder());
    }

    private static String qemuVersion(String target, Provenance p) {
        String base = target.contains("@") ? target.substring(0, target.indexOf('@')) : target;
        int colon = base.indexOf(':');
        if (colon >= 0) {
            return base.substring(colon + 1);
        }
        return p == null ? "" : p.versions().getOrDefault("qemu", "");
    }

    private static String kernel(String target) {
        int at = target.indexOf("@linux-");
        return at < 0 ? "" : target.substring(at + "@linux-".length());
    }

    /** The leading dotted number of {@code s}; empty (sorting first) when there is none. */
    static List<Integer> version(String s) {
        Matcher m = VERSION.matcher(s);
        List<Integer> v = new ArrayList<>();
        if (m.find()) {
            for (String part : m.group(1).split("\\.")) {
                v.add(Integer.parseInt(part.length() > 9 ? part.substring(0, 9) : part));
            }
        }
        return v;
    }

    static int compare(List<Integer> a, List<Integer> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = Integer.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
