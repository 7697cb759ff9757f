package dev.vnvdimm.guest.aml;

import dev.vnvdimm.acpica.Iasl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The interpreter tests' ASL programs as iasl compiles them: {@code -of} turns constant folding off, so
 * {@code 1 + 2} reaches the interpreter as an Add rather than as 3; {@code -vi} keeps iasl's messages short. Tests
 * check {@code Iasl.TOOL.isInstalled()} first and are skipped, with the reason, where it is missing; CI installs it.
 */
public final class CompiledAsl {
    private static final List<String> FLAGS = List.of(Iasl.NO_CONSTANT_FOLDING, "-vi");
    private static final Map<String, byte[]> COMPILED = new ConcurrentHashMap<>();

    private CompiledAsl() {
    }

    /** Wraps {@code body} in a DefinitionBlock of the given revision (1 → 32-bit integers, 2 → 64-bit). */
    public static String definitionBlock(int revision, String body) {
        return "DefinitionBlock (\"\", \"DSDT\", " + revision + ", \"VNVDMM\", \"AMLTEST\", 1)\n{\n" + body + "\n}\n";
    }

    /**
     * The AML iasl makes of {@code asl}, compiled in {@code dir}. Kept per source for the test JVM's life, since the
     * ASL suite and the acpiexec oracle compile the same 275 programs.
     */
    public static byte[] compile(Path dir, String asl) throws IOException, InterruptedException {
        byte[] aml = COMPILED.get(asl);
        if (aml == null) {
            aml = Iasl.compile(dir, asl, FLAGS);
            COMPILED.put(asl, aml);
        }
        return aml.clone();
    }
}
