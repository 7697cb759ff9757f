package dev.vnvdimm.abi.infoblock;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Little-endian fields, UUIDs in their printed byte order (Linux's {@code uuid_t}) and NUL-padded signatures. */
final class Bytes {
    private Bytes() {
    }

    static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    static UUID uuid(byte[] b, int offset) {
        ByteBuffer bb = ByteBuffer.wrap(b, offset, 16).order(ByteOrder.BIG_ENDIAN);
        return new UUID(bb.getLong(), bb.getLong());
    }

    static void putUuid(byte[] b, int offset, UUID u) {
        ByteBuffer.wrap(b, offset, 16).order(ByteOrder.BIG_ENDIAN).putLong(u.getMostSignificantBits())
                .putLong(u.getLeastSignificantBits());
    }

    /** The signature up to its first NUL. */
    static String signature(byte[] b, int length) {
        int n = 0;
        while (n < length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.US_ASCII);
    }

    static void putSignature(byte[] b, String signature) {
        byte[] s = signature.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(s, 0, b, 0, s.length);
    }
}
