package dev.vnvdimm.acpica;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * ACPICA's compiler and disassembler, {@code iasl}: ASL (or a data table in the field form {@code iasl -d}
 * writes) to a table, a table to its disassembly, and iasl's table templates.
 */
public final class Iasl {
    public static final ExternalTool TOOL = new ExternalTool("iasl", "acpica-tools");

    /** {@code -on}: name paths as written (otherwise {@code \_SB} inside the root scope shrinks to {@code _SB_}). */
    public static final String KEEP_NAME_PATHS = "-on";
    /** {@code -of}: no constant folding (otherwise {@code ShiftLeft (1, 3)} or {@code 1 + 2} becomes a constant). */
    public static final String NO_CONSTANT_FOLDING = "-of";
    /** Terms exactly as written, as an AML builder emits them: no name path or constant rewritten. */
    public static final List<String> AS_WRITTEN = List.of(KEEP_NAME_PATHS, NO_CONSTANT_FOLDING);

    private static final long TIMEOUT_SECONDS = 60;
    /** iasl reads and writes bytes, not characters: Latin-1 carries every byte through unchanged. */
    private static final Charset TEXT = StandardCharsets.ISO_8859_1;

    /** A disassembly: the exit code, what iasl said while making it, and the .dsl text (empty if none was written). */
    public record Disassembly(int exitCode, String log, String dsl) {

        public boolean succeeded() {
            return exitCode == 0 && !dsl.isEmpty();
        }

        /** iasl prints "Error" lines for bytes it cannot decode and still exits 0 for some of them. */
        public boolean clean() {
            return succeeded() && !log.matches("(?s).*\\b(Error|error)\\b.*");
        }

        /**
         * Lines where iasl reports a problem, in its log or in the disassembly: errors, warnings, wrong checksums,
         * or its {@code ****} notes about a table that ends inside a structure or has unknown parts.
         */
        public List<String> problems() {
            List<String> found = new ArrayList<>();
            for (String line : (log + "\n" + dsl).split("\n")) {
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

    /**
     * Compiles {@code source} from a new file in {@code dir} with {@code flags}; returns the table. iasl tells ASL
     * from a data table by a {@code DefinitionBlock} in the text.
     *
     * @throws IOException iasl is not installed, or made no table (the message holds the source and iasl's output)
     */
    public static byte[] compile(Path dir, String source, List<String> flags) throws IOException, InterruptedException {
        Path file = Files.createTempFile(dir, "source", ".asl");
        Files.writeString(file, source, TEXT);
        String prefix = file.toString().replaceFirst("\\.asl$", "");
        List<String> args = new ArrayList<>(flags);
        args.addAll(List.of("-p", prefix, file.toString()));
        ExternalTool.Run run = TOOL.run(dir, args, TIMEOUT_SECONDS);
        Path table = Path.of(prefix + ".aml");
        if (!run.succeeded() || !Files.exists(table)) {
            throw new IOException("iasl failed (exit " + run.exitCode() + ") on:\n" + source + "\n" + run.output());
        }
        return Files.readAllBytes(table);
    }

    /** Disassembles {@code table} ({@code NAME.dat}) into {@code NAME.dsl} next to it, with {@code iasl -d}. */
    public static Disassembly disassemble(Path table) throws IOException, InterruptedException {
        ExternalTool.Run run = TOOL.run(table.getParent(), List.of("-d", table.getFileName().toString()),
                TIMEOUT_SECONDS);
        String base = table.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        Path dsl = table.resolveSibling(base + ".dsl");
        return new Disassembly(run.exitCode(), run.output(), Files.exists(dsl) ? Files.readString(dsl, TEXT) : "");
    }

    /** Writes {@code table} into {@code dir} as {@code SIGNATURE.dat} (its first four bytes) and disassembles it. */
    public static Disassembly disassemble(Path dir, byte[] table) throws IOException, InterruptedException {
        String signature = new String(table, 0, Math.min(4, table.length), StandardCharsets.US_ASCII)
                .replaceAll("[^A-Za-z0-9]", "_");
        Path file = dir.resolve(signature + ".dat");
        Files.write(file, table);
        return disassemble(file);
    }

    /** The data-table source iasl writes for {@code signature} with {@code iasl -T}: one structure of each kind. */
    public static String template(Path dir, String signature) throws IOException, InterruptedException {
        ExternalTool.Run run = TOOL.run(dir, List.of("-T", signature), TIMEOUT_SECONDS);
        Path source = dir.resolve(signature.toLowerCase(Locale.ROOT) + ".asl");
        if (!run.succeeded() || !Files.exists(source)) {
            throw new IOException("iasl -T " + signature + " failed (exit " + run.exitCode() + "):\n" + run.output());
        }
        return Files.readString(source, TEXT);
    }
}
