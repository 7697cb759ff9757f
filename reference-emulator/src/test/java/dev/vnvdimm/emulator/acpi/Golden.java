package dev.vnvdimm.emulator.acpi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The vendored QEMU 7.2 {@code dimmpxm} tables (test resources {@code golden/qemu-7.2-dimmpxm/}). */
final class Golden {

    private Golden() {
    }

    /** {@code machine} is {@code pc} or {@code q35}; {@code table} a signature such as {@code NFIT}. */
    static byte[] dimmpxm(String machine, String table) {
        String path = "/golden/qemu-7.2-dimmpxm/" + machine + "/" + table + ".dimmpxm";
        try (InputStream in = Golden.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
