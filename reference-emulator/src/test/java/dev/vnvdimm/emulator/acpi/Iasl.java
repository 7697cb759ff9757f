package dev.vnvdimm.emulator.acpi;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Runs ACPICA's {@code iasl} (package acpica-tools) on table bytes: the disassembler is an independent
 * reader of every ACPI table layout, and its data-table compiler turns the disassembly back into bytes.
 * Tests that need it call {@link #assumeAvailable()} and are skipped, with the reason, where it is not
 * installed; CI installs it.
 */
final class Iasl {

    /** What one disassembly produced. */
    record Disassembly(int exitCode, String output, String dsl) {

        /**
         * Lines where iasl reports a problem: errors, warnings, wrong checksums, or its
         * {@code ****} notes about a table that ends inside a structure or has unknown parts.
         */
        List<String> problems() {
            List<String> found = new ArrayList<>();
            for (String line : (output + "\n" + dsl).split("\n")) {
                String l = line.toLowerCase(Locale.ROOT);
                if (l.contains("error") && !l.contains("0 errors") || l.contains("warning") && !l.contains("0 warnings")
                        || l.contains("incorrect") || l.contains("****") || l.contains("invalid")
                        || l.contains("unknown")) {
                    found.add(line.strip());
                }
            }
            if (exitCode != 0) {
                found.add("iasl exit code " + exitCode);
            }
            return found;
        }
    }

    private Iasl() {
    }

    static boolean available() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "iasl"))) {
                return true;
            }
        }
        return false;
    }

    static void assumeAvailable() {
        assumeTrue(available(), "iasl (Debian package acpica-tools) is not on PATH; CI installs it");
    }

    /** {@code iasl -d} of one table, written to a scratch file named after its signature. */
    static Disassembly disassemble(byte[] table, Path scratch) throws IOException, InterruptedException {
        String base = new String(table, 0, 4, StandardCharsets.US_ASCII).replaceAll("[^A-Za-z0-9]", "_");
        Path input = scratch.resolve(base + ".dat");
        Files.write(input, table);
        Run run = run(scratch, "iasl", "-d", input.getFileName().toString());
        Path dsl = scratch.resolve(base + ".dsl");
        return new Disassembly(run.exitCode, run.output, Files.exists(dsl) ? Files.readString(dsl) : "");
    }

    /**
     * Compiles a disassembly back with iasl's data-table compiler. iasl stamps its own creator ID and
     * revision (so the checksum changes too); every other byte is the table's own.
     */
    static byte[] compile(String dsl, String name, Path scratch) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(scratch.resolve("recompiled"));
        Path source = dir.resolve(name + ".dsl");
        Files.writeString(source, dsl);
        Run run = run(dir, "iasl", source.getFileName().toString());
        Path aml = dir.resolve(name + ".aml");
        if (run.exitCode != 0 || !Files.exists(aml)) {
            throw new AssertionError("iasl could not compile its own disassembly:\n" + run.output);
        }
        return Files.readAllBytes(aml);
    }

    private record Run(int exitCode, String output) {
    }

    private static Run run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("iasl did not finish in 60 s: " + String.join(" ", command));
        }
        return new Run(p.exitValue(), out);
    }
}
