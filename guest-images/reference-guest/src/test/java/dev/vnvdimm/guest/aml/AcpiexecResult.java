package dev.vnvdimm.guest.aml;

import dev.vnvdimm.guest.aml.runtime.AmlBuffer;
import dev.vnvdimm.guest.aml.runtime.AmlFormatter;
import dev.vnvdimm.guest.aml.runtime.AmlInteger;
import dev.vnvdimm.guest.aml.runtime.AmlObject;
import dev.vnvdimm.guest.aml.runtime.AmlPackage;
import dev.vnvdimm.guest.aml.runtime.AmlString;
import dev.vnvdimm.guest.aml.runtime.NameString;
import dev.vnvdimm.guest.aml.runtime.OpcodeNames;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what acpiexec printed for {@code evaluate \MAIN} and writes it in the suite's one-line form (by building
 * the {@link AmlObject} it describes and formatting that with {@link AmlFormatter}, so both sides share one
 * printer). An exception becomes {@code error STATUS OPCODE_NAME}, the opcode taken from acpiexec's
 * "Failed at AML Offset …, Opcode …" line and named as the interpreter names it.
 */
final class AcpiexecResult {
    private static final Pattern FAILED = Pattern.compile("Evaluation of \\\\MAIN failed with status (\\w+)");
    private static final Pattern FAILED_AT = Pattern.compile("Failed at AML Offset \\w+, Opcode ([0-9A-Fa-f]+)");
    private static final Pattern RETURNED = Pattern.compile("Evaluation of \\\\MAIN returned object");
    private static final Pattern NO_OBJECT = Pattern.compile("No object was returned from evaluation of \\\\MAIN");
    private static final Pattern INTEGER = Pattern.compile("\\[Integer\\] = ([0-9A-Fa-f]+)");
    private static final Pattern STRING = Pattern.compile("\\[String\\] Length [0-9A-Fa-f]+ = \"(.*)\"");
    private static final Pattern BUFFER = Pattern.compile("\\[Buffer\\] Length ([0-9A-Fa-f]+) =(.*)");
    private static final Pattern PACKAGE = Pattern.compile("\\[Package\\] Contains (\\d+) Elements:");
    private static final Pattern NULL = Pattern.compile("\\[Null Object\\]");
    /** ACPICA's internal opcode for a NamePath in a term (its AML_INT_NAMEPATH_OP); the interpreter says NameString. */
    private static final int ACPICA_NAMEPATH_OP = 0x2D;
    private static final Pattern DUMP_ROW = Pattern.compile("^\\s*[0-9A-Fa-f]{4}: (.*?)(//.*)?$");

    private final List<String> lines;
    private int next;

    private AcpiexecResult(List<String> lines, int next) {
        this.lines = lines;
        this.next = next;
    }

    /** The one-line result in {@code console}, or {@code unreadable: …} naming what was not understood. */
    static String of(String console) {
        List<String> lines = console.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher failed = FAILED.matcher(line);
            if (failed.find()) {
                return "error " + failed.group(1) + opcodeBefore(lines, i);
            }
            if (NO_OBJECT.matcher(line).find()) {
                return "none";
            }
            if (RETURNED.matcher(line).find()) {
                try {
                    return AmlFormatter.format(new AcpiexecResult(lines, i + 1).object());
                } catch (IllegalStateException e) {
                    return "unreadable: " + e.getMessage();
                }
            }
        }
        return "unreadable: no result for \\MAIN";
    }

    /** The opcode of the first "Failed at" line: where the exception was raised, before unwinding. */
    private static String opcodeBefore(List<String> lines, int end) {
        for (int i = 0; i < end; i++) {
            Matcher m = FAILED_AT.matcher(lines.get(i));
            if (m.find()) {
                int opcode = Integer.parseInt(m.group(1), 16);
                return " " + (opcode == ACPICA_NAMEPATH_OP ? "NameString" : OpcodeNames.name(opcode));
            }
        }
        return "";
    }

    private AmlObject object() {
        if (next >= lines.size()) {
            throw new IllegalStateException("output ends inside an object");
        }
        String line = lines.get(next++);
        Matcher m;
        if ((m = INTEGER.matcher(line)).find()) {
            return AmlInteger.of(Long.parseUnsignedLong(m.group(1), 16));
        }
        if ((m = STRING.matcher(line)).find()) {
            return new AmlString(m.group(1));
        }
        if ((m = BUFFER.matcher(line)).find()) {
            return new AmlBuffer(bytes(Integer.parseInt(m.group(1), 16), m.group(2)));
        }
        if ((m = PACKAGE.matcher(line)).find()) {
            int n = Integer.parseInt(m.group(1));
            List<AmlObject> elements = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                elements.add(object());
            }
            return new AmlPackage(elements);
        }
        if (NULL.matcher(line).find()) {
            return null;
        }
        throw new IllegalStateException(line.strip());
    }

    /**
     * A buffer's hex dump: rows of {@code 0000: 01 02 … // ascii}, of up to 16 bytes; a one-row dump is on the
     * {@code [Buffer]} line itself, a longer one starts on the next line.
     */
    private byte[] bytes(int length, String firstRow) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String row = firstRow.isBlank() && length > 0 ? lines.get(next++) : firstRow;
        while (out.size() < length) {
            Matcher m = DUMP_ROW.matcher(row);
            if (!m.find()) {
                throw new IllegalStateException("buffer row: " + row.strip());
            }
            for (String hex : m.group(1).strip().split("\\s+")) {
                out.write(Integer.parseInt(hex, 16));
            }
            if (out.size() < length) {
                row = lines.get(next++);
            }
        }
        return out.toByteArray();
    }
}
