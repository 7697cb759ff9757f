package dev.vnvdimm.guest.aml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One case of the ASL suite ({@code src/test/resources/aml/*.aslt}): a line of ASL and the one-line result
 * ({@link dev.vnvdimm.guest.aml.runtime.AmlFormatter AmlFormatter}) of evaluating {@code \MAIN}. Line forms:
 * <ul>
 *   <li>{@code expr => expected}: {@code Method (MAIN) { Return (expr) }};</li>
 *   <li>{@code { statements } => expected}: {@code Method (MAIN) { statements }};</li>
 *   <li>{@code [ declarations ] => expected}: the declarations (which define MAIN) at the table's root;</li>
 *   <li>{@code @rev N}: the DefinitionBlock revision of the cases below (1: 32-bit integers, 2: 64-bit);</li>
 *   <li>a case may end in {@code # acpiexec: GIVES -- WHY}: ACPICA's acpiexec gives {@code GIVES} (same
 *       one-line form) instead of {@code expected}, for the reason {@code WHY} ({@link AcpiexecOracleTest}).</li>
 * </ul>
 * An expected {@code error STATUS OPCODE_NAME} means an
 * {@link dev.vnvdimm.guest.aml.runtime.AmlException AmlException} with that status and opcode.
 *
 * @param where      {@code file:line}, for messages
 * @param acpiGives  what acpiexec gives where it differs from {@code expected}, else null
 * @param acpiWhy    why it differs, else null
 */
record AslCase(String where, int revision, String code, String body, String expected, String acpiGives,
               String acpiWhy) {
    static final String[] FILES = {"arithmetic", "logic", "conversions", "strings", "control", "references",
            "fields", "errors", "sync"};
    static final String ACPIEXEC_NOTE = "# acpiexec:";
    static final String NOTE_REASON = " -- ";

    static List<AslCase> all() throws IOException {
        List<AslCase> out = new ArrayList<>();
        for (String file : FILES) {
            String text;
            try (InputStream in = AslCase.class.getResourceAsStream("/aml/" + file + ".aslt")) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            int rev = 2;
            String[] lines = text.split("\n");
            for (int n = 0; n < lines.length; n++) {
                String line = lines[n].strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("@rev")) {
                    rev = Integer.parseInt(line.substring(4).strip());
                    continue;
                }
                out.add(parse(file + ":" + (n + 1), rev, line));
            }
        }
        return out;
    }

    private static AslCase parse(String where, int rev, String line) {
        String gives = null;
        String why = null;
        int note = line.indexOf(ACPIEXEC_NOTE);
        if (note >= 0) {
            String text = line.substring(note + ACPIEXEC_NOTE.length()).strip();
            int dash = text.indexOf(NOTE_REASON);
            if (dash < 0) {
                throw new IllegalArgumentException(where + ": an acpiexec note needs 'GIVES -- WHY': " + text);
            }
            gives = text.substring(0, dash).strip();
            why = text.substring(dash + NOTE_REASON.length()).strip();
            line = line.substring(0, note).strip();
        }
        int arrow = line.lastIndexOf("=>");
        String code = line.substring(0, arrow).strip();
        String expected = line.substring(arrow + 2).strip();
        String body;
        if (code.startsWith("[")) {
            body = code.substring(1, code.length() - 1);
        } else if (code.startsWith("{")) {
            body = "Method (MAIN, 0, NotSerialized) " + code;
        } else {
            body = "Method (MAIN, 0, NotSerialized) { Return (" + code + ") }";
        }
        return new AslCase(where, rev, code, body, expected, gives, why);
    }

    String asl() {
        return CompiledAsl.definitionBlock(revision, body);
    }

    @Override
    public String toString() {
        return where + " rev" + revision + " " + code;
    }
}
