package dev.vnvdimm.emulator.acpi;

import dev.vnvdimm.abi.acpi.AcpiTableHeader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs ACPICA's {@code iasl} (package acpica-tools) as the reference ASL compiler and AML disassembler for the
 * AML builder's tests (the package's {@code Iasl} helper serves the data-table tests).
 * Tests call {@link #assumeInstalled()} first, so they are reported as skipped, with the reason, where the tool
 * is missing; CI installs it.
 *
 * <p>Compiler flags, and why: QEMU's builder emits terms exactly as written, while iasl optimises by default.
 * {@code -on} keeps name paths as written (otherwise {@code \_SB} inside the root scope shrinks to {@code _SB_}),
 * {@code -of} turns off constant folding (otherwise {@code ShiftLeft(1, 3)} becomes {@code 8}). Integer
 * optimisation stays on: it maps 0/1 to Zero/One like our {@code Aml.integer}; the one difference, iasl writing
 * 0xFFFFFFFF as Ones in a revision-1 (32-bit) table, is pinned by its own test.
 */
public final class AslCompiler {

    public static final List<String> NO_REWRITES = List.of("-on", "-of");

    private static final String EXECUTABLE = "iasl";
    private static final boolean INSTALLED = probe();

    private AslCompiler() {
    }

    public static boolean isInstalled() {
        return INSTALLED;
    }

    /** Skips the calling test unless iasl can be run. */
    public static void assumeInstalled() {
        assumeTrue(INSTALLED, "iasl (acpica-tools) not installed: apt-get install acpica-tools to run this test");
    }

    /** Compiles {@code asl} in {@code dir} with {@link #NO_REWRITES} plus {@code extraFlags}; returns the AML table. */
    public static byte[] compile(Path dir, String asl, String... extraFlags) throws IOException, InterruptedException {
        Path source = Files.createTempFile(dir, "snippet", ".asl");
        Files.writeString(source, asl, StandardCharsets.US_ASCII);
        String prefix = source.toString().replaceFirst("\\.asl$", "");
        List<String> cmd = new ArrayList<>(List.of(EXECUTABLE, "-p", prefix));
        cmd.addAll(NO_REWRITES);
        cmd.addAll(Arrays.asList(extraFlags));
        cmd.add(source.toString());
        Result r = run(dir, cmd);
        Path aml = Path.of(prefix + ".aml");
        if (r.exitCode != 0 || !Files.exists(aml)) {
            throw new AssertionError("iasl failed (exit " + r.exitCode + ") on:\n" + asl + "\n" + r.output);
        }
        return Files.readAllBytes(aml);
    }

    /** Disassembles a table with {@code iasl -d}; fails unless iasl reports success. Returns the ASL text. */
    public static String disassemble(Path dir, byte[] table) throws IOException, InterruptedException {
        Path aml = Files.createTempFile(dir, "table", ".aml");
        Files.write(aml, table);
        Result r = run(dir, List.of(EXECUTABLE, "-d", aml.toString()));
        Path dsl = Path.of(aml.toString().replaceFirst("\\.aml$", ".dsl"));
        if (r.exitCode != 0 || !Files.exists(dsl)) {
            throw new AssertionError("iasl -d failed (exit " + r.exitCode + "):\n" + r.output);
        }
        return Files.readString(dsl, StandardCharsets.ISO_8859_1);
    }

    /** The definition block body: everything after the 36-byte table header. */
    public static byte[] body(byte[] table) {
        return Arrays.copyOfRange(table, AcpiTableHeader.SIZE, table.length);
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(Path dir, List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("iasl timed out: " + cmd);
        }
        return new Result(p.exitValue(), out);
    }

    private static boolean probe() {
        try {
            Process p = new ProcessBuilder(EXECUTABLE, "-v").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
