package dev.vnvdimm.guest.aml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
    private static final Map<String, byte[]> COMPILED = new ConcurrentHashMap<>();

    private Iasl() {
    }

    public static boolean installed() {
        return INSTALLED;
    }

    public static void assumeInstalled() {
        assumeTrue(INSTALLED, "iasl (acpica-tools) not installed: apt-get install acpica-tools to run this test");
    }

    public static void assumeAcpiexec() {
        assumeTrue(ACPIEXEC, "acpiexec (acpica-tools) not installed: apt-get install acpica-tools to run this test");
    }

    /** Wraps {@code body} in a DefinitionBlock of the given revision (1 → 32-bit integers, 2 → 64-bit). */
    public static String definitionBlock(int revision, String body) {
        return "DefinitionBlock (\"\", \"DSDT\", " + revision + ", \"VNVDMM\", \"AMLTEST\", 1)\n{\n" + body + "\n}\n";
    }

    /**
     * The AML iasl makes of {@code asl}. Kept per source for the test JVM's life, since the ASL suite and the
     * acpiexec oracle compile the same 275 programs.
     */
    public static byte[] compile(Path dir, String asl) throws IOException, InterruptedException {
        byte[] aml = COMPILED.get(asl);
        if (aml == null) {
            aml = Files.readAllBytes(compileToFile(dir, asl));
            COMPILED.put(asl, aml);
        }
        return aml.clone();
    }

    /** Compiles {@code asl} to a new {@code .aml} file in {@code dir} and returns its path. */
    private static Path compileToFile(Path dir, String asl) throws IOException, InterruptedException {
        Path src = Files.createTempFile(dir, "t", ".asl");
        Files.writeString(src, asl, StandardCharsets.US_ASCII);
        String prefix = src.toString().replaceFirst("\\.asl$", "");
        Run r = run(dir, List.of("iasl", "-of", "-vi", "-p", prefix, src.toString()));
        Path aml = Path.of(prefix + ".aml");
        if (r.exit != 0 || !Files.exists(aml)) {
            throw new AssertionError("iasl failed on:\n" + asl + "\n" + r.out);
        }
        return aml;
    }

    /**
     * Runs acpiexec in batch mode on one table (written to a new file in {@code dir}) and returns its console
     * text. Its own loop limit ends runaway While loops; the time limit here only guards against a hung process.
     */
    public static String acpiexec(Path dir, byte[] table, String commands) throws IOException, InterruptedException {
        Path file = Files.createTempFile(dir, "t", ".aml");
        Files.write(file, table);
        return run(dir, List.of("acpiexec", "-b", commands, file.toString())).out;
    }

    private record Run(int exit, String out) {
    }

    private static Run run(Path dir, List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        return new Run(p.exitValue(), out);
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
