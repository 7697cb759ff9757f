package dev.vnvdimm.emulator.machine;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vnvdimm.emulator.QemuError;
import dev.vnvdimm.emulator.config.MachineConfig;
import dev.vnvdimm.emulator.config.QemuOpts;
import dev.vnvdimm.emulator.hostmem.Progress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

/**
 * Any QEMU command line ({@code -machine}, {@code -m}, {@code -smp}, {@code -object}, {@code -numa},
 * {@code -device}, ...) through the option parser and the machine factory: the result is a machine or a
 * {@link QemuError} with QEMU's kind of text, never another exception, and a refused command line leaves the disk as
 * it was — every {@code mem-path} points into a fresh directory per run, which holds a file the options may name,
 * and which must hold exactly that, byte for byte, after every refusal.
 *
 * <p>Input: UTF-8 text, one command-line argument per line; {@code @DIR@} stands for that directory. Command lines
 * whose backends would write outside it, or allocate real memory ({@code prealloc}), are not built: the factory
 * does what they say, on this host.
 */
class MachineFactoryFuzzTest {
    private static final String DIR = "@DIR@";
    private static final byte[] EXISTING = existingContent();

    @TempDir
    static Path dir;

    private static byte[] existingContent() {
        byte[] b = new byte[1 << 20];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 31 + (i >>> 12));
        }
        return b;
    }

    @DictionaryEntries({"-machine", "-m", "-smp", "-object", "-numa", "-device", "memory-backend-file",
        "memory-backend-ram", "nvdimm", "pc-dimm", "nvdimm=on", "slots=", "maxmem=", "mem-path=@DIR@/",
        "label-size=", "memdev=", "size=", "share=on", "readonly=on", "unarmed=on", "align=", "node", "nodeid=",
        "slot=", "addr=", "id=", "memory-backend=", "nvdimm-persistence=", ",,"})
    @FuzzTest
    void anyCommandLineBuildsAMachineOrIsRefusedWithQemusWordsAndTouchesNoFile(byte[] input) throws IOException {
        if (Files.notExists(dir.resolve("existing.img"))) {
            Files.write(dir.resolve("existing.img"), EXISTING);
            Files.createDirectories(dir.resolve("sub"));
        }
        String text = new String(input, StandardCharsets.UTF_8).replace(DIR, dir.toString());
        List<String> args = text.isEmpty() ? List.of() : Arrays.asList(text.split("\n", -1));
        Map<Path, Content> before = files();

        MachineConfig config;
        try {
            config = MachineConfig.parse(args);
        } catch (QemuError e) {
            refused(e, before);
            return;
        }
        if (!safeOnThisHost(config)) {
            return;
        }
        try (Machine machine = new MachineFactory(Progress.NONE).build(config)) {
            assertThat(machine.settings().ramSize()).isPositive();
        } catch (QemuError e) {
            refused(e, before);
            return;
        }
        reset(before);
    }

    private static void refused(QemuError e, Map<Path, Content> before) throws IOException {
        assertThat(e.getMessage()).as("QEMU's words").isNotBlank();
        // QEMU names the option an error is about as the command line has it, or none
        assertThat(e.location()).as("the option \"%s\" is about", e.getMessage())
                .matches(Pattern.compile("|-(machine|m|smp|object|numa|device) .*", Pattern.DOTALL));
        assertThat(e.describe()).endsWith(e.getMessage());
        Map<Path, Content> after = files();
        assertThat(after.keySet()).as("files after \"%s\"", e.describe()).isEqualTo(before.keySet());
        after.forEach((p, c) -> assertThat(c.same(before.get(p)) || c.size() < 0)
                .as("%s unchanged after \"%s\"", p, e.describe()).isTrue());
    }

    /** Backends that only ever touch the run's directory, and no {@code prealloc} (it would really allocate). */
    private static boolean safeOnThisHost(MachineConfig config) {
        for (QemuOpts o : config.objects()) {
            // a fresh parse of the same text: reading the real options would mark them used
            QemuOpts copy = QemuOpts.parse(o.option(), o.text(), "qom-type");
            if (copy.keys().contains("prealloc")) {
                return false;
            }
            Optional<String> path = copy.get("mem-path");
            if (path.isPresent()) {
                try {
                    if (!Path.of(path.get()).toAbsolutePath().normalize().startsWith(dir)) {
                        return false;
                    }
                } catch (RuntimeException e) {
                    return true; // no path at all: the factory must refuse it as QEMU does
                }
            }
        }
        return true;
    }

    /** A file's size, and its bytes when small enough to hold (a backend may make a sparse file of terabytes). */
    private record Content(long size, byte[] bytes) {
        static Content of(Path p) throws IOException {
            if (!Files.isRegularFile(p)) {
                return new Content(-1, new byte[0]);
            }
            long size = Files.size(p);
            return new Content(size, size <= EXISTING.length ? Files.readAllBytes(p) : null);
        }

        boolean same(Content o) {
            return size == o.size && bytes != null && o.bytes != null && Arrays.equals(bytes, o.bytes);
        }
    }

    /** Every file and directory under the run's directory. */
    private static Map<Path, Content> files() throws IOException {
        Map<Path, Content> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                out.put(p, Content.of(p));
            }
        }
        return out;
    }

    /** After a machine was built: the directory back as it was, for the next input. */
    private static void reset(Map<Path, Content> before) throws IOException {
        Map<Path, Content> after = files();
        for (Path p : after.keySet().stream().sorted(Comparator.reverseOrder()).toList()) {
            if (!before.containsKey(p)) {
                Files.delete(p);
            } else if (!after.get(p).same(before.get(p))) {
                Files.write(p, before.get(p).bytes());
            }
        }
    }
}
