package dev.vnvdimm.guest.aml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs ACPICA's {@code iasl} (package acpica-tools) to compile test ASL, and {@code acpiexec} to cross-check.
 * Tests call {@link #assumeInstalled()} first, so they report themselves skipped, with the reason, where the
 * tools are missing; CI installs them. Flags: {@code -of} turns constant folding off, so {@code 1 + 2} reaches
 * the interpreter as an Add rather than as 3.
 */
public final class Iasl {
    private static final boolean INSTALLED = probe("iasl", "-v");
    private static final boolean ACPIEXEC = probe("acpiexec", "-v");

    private Iasl() {
    }

    public static boolean installed() {
        return INSTALLED;
    }

    public static void assumeInstalled() {
        assumeTrue(INSTALLED, "iasl (acpica-tools) not installed");
    }

    public static void assumeAcpiexec() {
        assumeTrue(ACPIEXEC, "acpiexec (acpica-tools) not installed");
    }

    /** Wraps {@code body} in a DefinitionBlock of the given revision (1 → 32-bit integers, 2 → 64-bit). */
    public static String definitionBlock(int revision, String body) {
        return "DefinitionBlock (\"\", \"DSDT\", " + revision + ", \"VNVDMM\", \"AMLTEST\", 1)\n{\n" + body + "\n}\n";
    }

    public static byte[] compile(Path dir, String asl) throws IOException, InterruptedException {
        Path src = Files.createTempFile(dir, "t", ".asl");
        Files.writeString(src, asl, StandardCharsets.US_ASCII);
        String prefix = src.toString().replaceFirst("\\.asl$", "");
        Process p = new ProcessBuilder(List.of("iasl", "-of", "-vi", "-p", prefix, src.toString()))
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        Path aml = Path.of(prefix + ".aml");
        if (p.exitValue() != 0 || !Files.exists(aml)) {
            throw new AssertionError("iasl failed on:\n" + asl + "\n" + out);
        }
        return Files.readAllBytes(aml);
    }

    private static boolean probe(String tool, String arg) {
        try {
            Process p = new ProcessBuilder(tool, arg).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
