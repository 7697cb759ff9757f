package dev.vnvdimm.guest.aml.runtime;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Implicit and explicit data conversions (ACPI 6.4 §19.3.5.7 "Data Type Conversion Rules", with the choices
 * ACPICA makes where the text is loose; each was checked with acpiexec 20200925):
 * <ul>
 *   <li>Buffer → Integer: the first (integer width / 8) bytes, little-endian, zero-extended;</li>
 *   <li>String → Integer, implicit: hexadecimal digits up to the first non-hex character ("1F" → 0x1F);
 *       explicit ToInteger: "0x…" hexadecimal, else decimal ("010" → 10, no octal);</li>
 *   <li>Integer → Buffer: integer-width/8 bytes little-endian; String → Buffer: the characters plus a NUL;</li>
 *   <li>Integer → String: hex digits, 8 or 16 by width, upper case, no prefix; Buffer → String (implicit):
 *       "0x01 0x02 0xAB".</li>
 * </ul>
 * Field units and buffer fields convert through their value; references are followed (lenient, ACPICA would
 * reject some of these uses).
 */
public final class Conversions {
    private Conversions() {
    }

    /** The data value of an operand: reads fields, follows references. */
    public static AmlObject value(Frame f, AmlObject o, Node at) {
        if (o instanceof AmlInteger || o instanceof AmlBuffer || o instanceof AmlString || o instanceof AmlPackage) {
            return o;
        }
        if (o instanceof AmlFieldUnit || o instanceof AmlBufferField) {
            return FieldIo.read(f.interp, o, at);
        }
        if (o instanceof AmlReference r) {
            return value(f, References.deref(f, r, at), at);
        }
        if (o == null || o instanceof AmlUninitialized) {
            throw at.error("AE_AML_UNINITIALIZED_ELEMENT", "operand has no value");
        }
        return o;
    }

    public static long toInteger(Frame f, AmlObject o, Node at) {
        if (o instanceof AmlInteger i) {
            return i.value();
        }
        AmlObject v = value(f, o, at);
        if (v instanceof AmlInteger i) {
            return i.value();
        }
        if (v instanceof AmlBuffer b) {
            return bytesToInteger(b.data, f.interp.intBytes);
        }
        if (v instanceof AmlString s) {
            return parseHex(s.value) & f.interp.intMask;
        }
        throw at.error("AE_AML_OPERAND_TYPE", "cannot convert " + ObjectTypes.describe(v) + " to Integer");
    }

    static long bytesToInteger(byte[] d, int maxBytes) {
        long v = 0;
        int n = Math.min(d.length, maxBytes);
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (d[i] & 0xFF);
        }
        return v;
    }

    static long parseHex(String s) {
        long v = 0;
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        for (; i < s.length(); i++) {
            int d = Character.digit(s.charAt(i), 16);
            if (d < 0) {
                break;
            }
            v = (v << 4) | d;
        }
        return v;
    }

    /** ToInteger's string rule: "0x" prefix → hexadecimal, else decimal, up to the first invalid character. */
    public static long parseExplicit(String s) {
        String t = s.strip();
        if (t.startsWith("0x") || t.startsWith("0X")) {
            return parseHex(t.substring(2));
        }
        long v = 0;
        for (int i = 0; i < t.length(); i++) {
            int d = Character.digit(t.charAt(i), 10);
            if (d < 0) {
                break;
            }
            v = v * 10 + d;
        }
        return v;
    }

    /**
     * The largest Buffer (bytes) or String (characters) an operator makes, as a Buffer's declared size is limited:
     * a result a crafted operand would make larger (Concatenate doubling in a loop, ToHexString of a large buffer)
     * is refused before it is allocated, as an allocation that fails is refused in ACPICA.
     */
    public static final long MAX_DATA_SIZE = 64L << 20;

    /** @throws AmlException {@code AE_NO_MEMORY} when a result of {@code size} is over {@link #MAX_DATA_SIZE} */
    public static void checkDataSize(long size, Node at) {
        if (size > MAX_DATA_SIZE) {
            throw at.error("AE_NO_MEMORY", "a result of " + size + " bytes is over the interpreter's limit of "
                    + MAX_DATA_SIZE);
        }
    }

    /** The bytes of an operand converted to Buffer. May be the operand's own array: do not modify. */
    public static byte[] toBufferView(Frame f, AmlObject o, Node at) {
        AmlObject v = value(f, o, at);
        if (v instanceof AmlBuffer b) {
            return b.data;
        }
        if (v instanceof AmlInteger i) {
            return integerBytes(i.value(), f.interp.intBytes);
        }
        if (v instanceof AmlString s) {
            byte[] chars = s.value.getBytes(StandardCharsets.ISO_8859_1);
            byte[] out = new byte[chars.length + 1];
            System.arraycopy(chars, 0, out, 0, chars.length);
            return out;
        }
        throw at.error("AE_AML_OPERAND_TYPE", "cannot convert " + ObjectTypes.describe(v) + " to Buffer");
    }

    public static byte[] integerBytes(long v, int n) {
        byte[] out = new byte[n];
        for (int k = 0; k < n; k++) {
            out[k] = (byte) (v >>> (8 * k));
        }
        return out;
    }

    public static String toStringImplicit(Frame f, AmlObject o, Node at) {
        AmlObject v = value(f, o, at);
        if (v instanceof AmlString s) {
            return s.value;
        }
        if (v instanceof AmlInteger i) {
            return hexDigits(i.value(), f.interp.intBytes * 2);
        }
        if (v instanceof AmlBuffer b) {
            return bufferList(b.data, " ", true, at);
        }
        throw at.error("AE_AML_OPERAND_TYPE", "cannot convert " + ObjectTypes.describe(v) + " to String");
    }

    public static String hexDigits(long v, int digits) {
        String h = Long.toHexString(v).toUpperCase(Locale.ROOT);
        return "0".repeat(Math.max(0, digits - h.length())) + h;
    }

    public static String bufferList(byte[] d, String sep, boolean hex, Node at) {
        checkDataSize((long) d.length * ((hex ? 4 : 3) + sep.length()), at);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < d.length; i++) {
            if (i > 0) {
                sb.append(sep);
            }
            if (hex) {
                sb.append(String.format("0x%02X", d[i] & 0xFF));
            } else {
                sb.append(d[i] & 0xFF);
            }
        }
        return sb.toString();
    }
}
