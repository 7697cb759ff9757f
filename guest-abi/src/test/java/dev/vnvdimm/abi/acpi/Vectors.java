package dev.vnvdimm.abi.acpi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The byte vectors under {@code src/test/resources/vectors/} (made by iasl, see the README there) and QEMU's
 * golden tables under {@code features/golden/}.
 */
public final class Vectors {

    private Vectors() {
    }

    /** A stored vector, e.g. {@code rsdt.aml} or {@code aml-opcodes.asl}. */
    public static byte[] bytes(String name) {
        return resource("/vectors/" + name);
    }

    public static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    /** A table QEMU 7.2's bios-tables-test expects for its "dimmpxm" case, e.g. {@code ("pc", "NFIT")}. */
    public static byte[] qemuDimmpxm(String machine, String signature) {
        return resource("/golden/qemu-7.2-dimmpxm/" + machine + "/" + signature + ".dimmpxm");
    }

    /** Where the first {@code nameSeg} (4 ASCII characters) occurs in {@code aml}. */
    public static int nameSegAt(byte[] aml, String nameSeg) {
        byte[] seg = nameSeg.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + seg.length <= aml.length; i++) {
            if (Arrays.equals(aml, i, i + seg.length, seg, 0, seg.length)) {
                return i;
            }
        }
        throw new AssertionError("no NameSeg " + nameSeg + " in the AML");
    }

    private static byte[] resource(String path) {
        try (InputStream in = Vectors.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new AssertionError("missing test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
