package dev.vnvdimm.harness.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** ACPICA's compiler/disassembler, used to disassemble the tables a machine gives its guest. */
public final class Iasl {
    public static final ExternalTool TOOL = new ExternalTool("iasl", "acpica-tools");

    /** A disassembly: the .dsl text and what iasl said while making it. */
    public record Disassembly(boolean succeeded, String dsl, String log) {
        /** iasl prints "Error" lines for bytes it cannot decode and still exits 0 for some of them. */
        public boolean clean() {
            return succeeded && !log.matches("(?s).*\\b(Error|error)\\b.*");
        }
    }

    private Iasl() {
    }

    /** Disassembles {@code table} ({@code NAME.dat}) into {@code NAME.dsl} next to it. */
    public static Disassembly disassemble(Path table) throws IOException, InterruptedException {
        ExternalTool.Run run = TOOL.run(table.getParent(), List.of("-d", table.getFileName().toString()), 60);
        String base = table.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        Path dsl = table.resolveSibling(base + ".dsl");
        String text = Files.exists(dsl) ? Files.readString(dsl) : "";
        return new Disassembly(run.succeeded() && !text.isEmpty(), text, run.output());
    }
}
