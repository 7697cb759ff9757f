package dev.vnvdimm.guest.aml.runtime;

import java.util.Locale;

/**
 * The one-line form of an AML object: {@code int 0x1f}, {@code str "abc"}, {@code buf 71000000} (lowercase hex,
 * no spaces; an empty buffer is just {@code buf}), {@code pkg [ int 0x1, str "a" ]} (nested items formatted the
 * same way; empty: {@code pkg [ ]}), {@code ref \_SB_.FOO}, {@code ref [2] of buf 0102}, {@code none} for no value,
 * and the type name (lower case) for other namespace objects.
 */
public final class AmlFormatter {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private AmlFormatter() {
    }

    public static String format(AmlObject o) {
        StringBuilder sb = new StringBuilder();
        append(sb, o, 0);
        return sb.toString();
    }

    private static void append(StringBuilder sb, AmlObject o, int depth) {
        if (o == null || o instanceof AmlUninitialized) {
            sb.append("none");
        } else if (o instanceof AmlInteger i) {
            sb.append("int 0x").append(Long.toHexString(i.value()));
        } else if (o instanceof AmlString s) {
            sb.append("str \"");
            for (char c : s.value.toCharArray()) {
                if (c == '"' || c == '\\') {
                    sb.append('\\').append(c);
                } else if (c < 0x20 || c > 0x7E) {
                    sb.append(String.format("\\x%02x", (int) c));
                } else {
                    sb.append(c);
                }
            }
            sb.append('"');
        } else if (o instanceof AmlBuffer b) {
            sb.append("buf");
            if (b.data.length > 0) {
                sb.append(' ');
                for (byte x : b.data) {
                    sb.append(HEX[(x >> 4) & 0xF]).append(HEX[x & 0xF]);
                }
            }
        } else if (o instanceof AmlPackage p) {
            sb.append("pkg [ ");
            if (depth > 32) {
                sb.append("... ");
            } else {
                for (int i = 0; i < p.elements.size(); i++) {
                    if (i > 0) {
                        sb.append(", ");
                    }
                    append(sb, p.elements.get(i), depth + 1);
                }
                if (!p.elements.isEmpty()) {
                    sb.append(' ');
                }
            }
            sb.append(']');
        } else if (o instanceof AmlReference r) {
            sb.append("ref ");
            switch (r.kind) {
                case NAME -> sb.append(r.node.path());
                case LOCAL -> sb.append("Local").append(r.index);
                case ARG -> sb.append("Arg").append(r.index);
                default -> {
                    sb.append('[').append(r.index).append("] of ");
                    if (depth > 32) {
                        sb.append("...");
                    } else {
                        append(sb, r.container, depth + 1);
                    }
                }
            }
        } else {
            sb.append(o.type().name().toLowerCase(Locale.ROOT));
        }
    }
}
