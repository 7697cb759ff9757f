package dev.vnvdimm.abi.qemu;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Sizes in QEMU's notation (util/cutils.c {@code qemu_strtosz}): a decimal number, optionally with a
 * fraction, or a hex number, followed by an optional suffix B, K, M, G, T, P or E (any case; binary
 * multiples). Without a suffix the caller's default unit applies: bytes for properties, MiB for {@code -m}.
 */
public final class QemuSize {
    private static final String SUFFIXES = "BKMGTPE";

    private QemuSize() {
    }

    /** Parses a size, or empty when the text is not one (or does not fit in 64 bits). */
    public static OptionalLong parse(String text, long defaultUnit) {
        String s = text.trim();
        if (s.isEmpty()) {
            return OptionalLong.empty();
        }
        long unit = defaultUnit;
        char last = Character.toUpperCase(s.charAt(s.length() - 1));
        int idx = SUFFIXES.indexOf(last);
        if (idx >= 0 && !(isHex(s) && last == 'B')) {
            unit = 1L << (10 * idx);
            s = s.substring(0, s.length() - 1);
        }
        try {
            BigInteger bytes;
            if (isHex(s)) {
                bytes = new BigInteger(s.substring(2), 16).multiply(BigInteger.valueOf(unit));
            } else {
                if (!s.matches("[0-9]+(\\.[0-9]+)?")) {
                    return OptionalLong.empty();
                }
                BigDecimal v = new BigDecimal(s).multiply(BigDecimal.valueOf(unit));
                if (v.scale() > 0 && v.stripTrailingZeros().scale() > 0) {
                    // QEMU rounds fractional byte counts to the nearest byte
                    v = v.setScale(0, RoundingMode.HALF_UP);
                }
                bytes = v.toBigInteger();
            }
            if (bytes.signum() < 0 || bytes.bitLength() > 63) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(bytes.longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            return OptionalLong.empty();
        }
    }

    private static boolean isHex(String s) {
        return s.length() > 2 && s.charAt(0) == '0' && (s.charAt(1) == 'x' || s.charAt(1) == 'X');
    }

    /** Formats a byte count the way a person writes it on a QEMU command line (256M, 128K, 1G, 1536). */
    public static String format(long bytes) {
        for (int i = SUFFIXES.length() - 1; i >= 1; i--) {
            long unit = 1L << (10 * i);
            if (bytes != 0 && bytes % unit == 0) {
                return (bytes / unit) + String.valueOf(SUFFIXES.charAt(i));
            }
        }
        return Long.toString(bytes);
    }

    /** "256 MiB", "128 KiB", "1.5 GiB": for people reading reports. */
    public static String human(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int i = 0;
        double v = bytes;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return (v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v)) + " " + units[i];
    }
}
