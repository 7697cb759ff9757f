package dev.vnvdimm.abi.aml;

import java.util.regex.Pattern;

/**
 * The 16 bytes of ASL {@code ToUUID("aabbccdd-eeff-gghh-iijj-kkllmmnnoopp")}: GUID byte order, i.e. the first
 * three groups (32, 16 and 16 bits) little-endian and the last two groups byte by byte as written. So
 * {@code 2f10e7a4-9e91-11e4-89d3-123b93f75cba} is {@code a4 e7 10 2f 91 9e e4 11 89 d3 12 3b 93 f7 5c ba}.
 */
public final class Uuid {

    private static final Pattern FORM =
            Pattern.compile("\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");

    private Uuid() {
    }

    public static byte[] toBytes(String uuid) {
        if (!FORM.matcher(uuid).matches()) {
            throw new IllegalArgumentException("Not a UUID of the form aabbccdd-eeff-gghh-iijj-kkllmmnnoopp: " + uuid);
        }
        String hex = uuid.replace("-", "");
        byte[] plain = new byte[16];
        for (int i = 0; i < 16; i++) {
            plain[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        byte[] out = plain.clone();
        reverse(out, 0, 4);
        reverse(out, 4, 2);
        reverse(out, 6, 2);
        return out;
    }

    private static void reverse(byte[] b, int from, int len) {
        for (int i = 0; i < len / 2; i++) {
            byte t = b[from + i];
            b[from + i] = b[from + len - 1 - i];
            b[from + len - 1 - i] = t;
        }
    }
}
