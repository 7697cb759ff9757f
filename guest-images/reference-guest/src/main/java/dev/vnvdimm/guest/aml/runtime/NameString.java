package dev.vnvdimm.guest.aml.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A NameString (ACPI 6.4 §20.2.2): an optional root prefix {@code \}, parent prefixes {@code ^}, and 0..n
 * four-character NameSegs. Parsed once; resolution against the namespace is {@link Namespace}'s job.
 */
public record NameString(boolean absolute, int parents, String[] segs) {

    static final NameString NULL = new NameString(false, 0, new String[0]);

    /** True when the namespace search rules (§5.3) apply: a single NameSeg with no prefix. */
    boolean searchable() {
        return !absolute && parents == 0 && segs.length == 1;
    }

    String last() {
        return segs[segs.length - 1];
    }

    /** Parses an ASL-style path such as {@code \_SB.NVDR.NV00._DSM} or {@code ^FOO}; short segs are padded with '_'. */
    public static NameString parse(String path) {
        int i = 0;
        boolean abs = false;
        int parents = 0;
        if (path.startsWith("\\")) {
            abs = true;
            i = 1;
        }
        while (i < path.length() && path.charAt(i) == '^') {
            parents++;
            i++;
        }
        List<String> segs = new ArrayList<>();
        String rest = path.substring(i);
        if (!rest.isEmpty()) {
            for (String s : rest.split("\\.")) {
                if (s.isEmpty() || s.length() > 4) {
                    throw new IllegalArgumentException("bad NameSeg '" + s + "' in path " + path);
                }
                StringBuilder sb = new StringBuilder(s.toUpperCase(Locale.ROOT));
                while (sb.length() < 4) {
                    sb.append('_');
                }
                segs.add(sb.toString());
            }
        }
        return new NameString(abs, parents, segs.toArray(new String[0]));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (absolute) {
            sb.append('\\');
        }
        sb.append("^".repeat(parents));
        sb.append(String.join(".", segs));
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NameString n && n.absolute == absolute && n.parents == parents
                && Arrays.equals(n.segs, segs);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(segs) * 31 + parents + (absolute ? 1 : 0);
    }
}
