package dev.vnvdimm.guest.labels;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The ndctl 76.1 / QEMU 7.2 example vectors kept once under {@code features/golden/ndctl-76.1-on-qemu-7.2/}
 * (on the test class path as {@code golden/...}): 128 KiB label areas and command transcripts (first line
 * {@code $ command}, then the output, then {@code [rc=N]}). A name with a {@code v1.2-} prefix is in the
 * q35 / v1.2 run's folder, any other in the pc / v1.1 run's.
 */
final class Vectors {

    static final int AREA = 128 * 1024;
    static final long PMEM_SIZE = 268_304_384L;           // 256 MiB backend − 128 KiB labels
    static final long COOKIE_V11 = 10_248_187_106_440_278L; // 0x002468ac00123456
    static final long COOKIE_V12 = 52_512_752_653_219_036L; // 0x00ba90120012b4dc

    private Vectors() {
    }

    static byte[] bin(String name) {
        String path = name.startsWith("v1.2-") && !name.startsWith("v1.2-after")
                ? "v1.2-q35/" + name.substring("v1.2-".length())
                : name.startsWith("labels-v1.2") ? "v1.2-q35/" + name : "v1.1-pc/" + name;
        try (InputStream in = Vectors.class.getResourceAsStream("/golden/ndctl-76.1-on-qemu-7.2/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test vector " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON a transcript printed: the lines after the command, up to ndctl's summary or the exit code. */
    static String transcriptJson(String name) {
        String text = new String(bin(name), StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 1; i < lines.length; i++) {
            String l = lines[i];
            if (l.startsWith("[rc=") || l.matches("(read|wrote|initialized) \\d+ nmem")) {
                break;
            }
            out.add(l);
        }
        return String.join("\n", out);
    }

    static LabelStorageArea area(byte[] image) {
        return new LabelStorageArea(InMemoryLabelStore.qemu(image));
    }
}
