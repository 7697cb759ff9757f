package dev.vnvdimm.abi.aml;

import dev.vnvdimm.abi.acpi.AcpiTableHeader;
import dev.vnvdimm.abi.acpi.Guids;
import dev.vnvdimm.abi.acpi.Vectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AmlOpcode, PkgLength and Uuid against AML iasl compiled ({@code vectors/aml-*.asl}, ACPI 6.4 §20 "AML
 * Specification" and §19.6 ToUUID). Each expectation is written in the .asl next to the ASL it is about.
 */
class AmlVectorsTest {
    /** {@code Method (M000, …) { … }  // NAME_OP NameSeg ZERO_OP}: the method and what its body starts with. */
    private static final Pattern OPCODE_CASE = Pattern.compile("Method \\((M\\d{3})[^)]*\\) \\{.*\\}\\s*// (.+)$");
    private static final Pattern FIELD_WIDTH = Pattern.compile("^\\s*(W\\w{3}), (0x[0-9A-Fa-f]+|\\d+),?");
    /** {@code External (…)  // at the table's start: IF_OP …}: what the table's first term is. */
    private static final Pattern TABLE_START = Pattern.compile("// at the table's start: (.+)$", Pattern.MULTILINE);
    private static final Pattern TO_UUID = Pattern.compile("Name \\((UU\\d\\d), ToUUID \\(\"([-0-9a-fA-F]+)\"\\)\\)");

    @Test
    void everyMethodBodyStartsWithTheOpcodesItsCommentNames() throws Exception {
        byte[] aml = Vectors.bytes("aml-opcodes.aml");
        Set<String> shown = new HashSet<>();
        int cases = 0;
        for (String line : Vectors.text("aml-opcodes.asl").split("\n")) {
            Matcher m = OPCODE_CASE.matcher(line);
            if (!m.find()) {
                continue;
            }
            // MethodOp PkgLength NameSeg MethodFlags TermList: the body follows the NameSeg and its flags byte
            expectAll(aml, Vectors.nameSegAt(aml, m.group(1)) + 4 + 1, m.group(2), m.group(1), shown);
            cases++;
        }
        Matcher start = TABLE_START.matcher(Vectors.text("aml-opcodes.asl"));
        assertThat(start.find()).isTrue();
        expectAll(aml, AcpiTableHeader.SIZE, start.group(1), "table start", shown);

        assertThat(cases).isGreaterThan(90);
        Set<String> missing = new HashSet<>(opcodeConstants());
        missing.removeAll(shown);
        assertThat(missing).as("AmlOpcode constants no case shows").isEmpty();
    }

    /** Checks the tokens one after another from {@code at}, noting each AmlOpcode constant seen in {@code shown}. */
    private static void expectAll(byte[] aml, int at, String tokens, String where, Set<String> shown)
            throws ReflectiveOperationException {
        for (String token : tokens.trim().split("\\s+")) {
            at = expect(aml, at, token, where);
            shown.add(token);
            if (isOpcode(token) && AmlOpcode.isExtended(AmlOpcode.class.getField(token).getInt(null))) {
                shown.add("EXT_OP_PREFIX");
            }
        }
    }

    /** Checks one token at {@code at} and returns where the next one starts. */
    private static int expect(byte[] aml, int at, String token, String method) throws ReflectiveOperationException {
        switch (token) {
            case "NameSeg":
                return at + 4;
            case "byte":
                return at + 1;
            case "PkgLength":
                return at + PkgLength.encodedLength(aml, at);
            default:
                int opcode = AmlOpcode.class.getField(token).getInt(null);
                int length = AmlOpcode.length(opcode);
                int actual = length == 2 ? (aml[at] & 0xFF) << 8 | (aml[at + 1] & 0xFF) : aml[at] & 0xFF;
                assertThat(actual).as("%s: %s at AML offset %d", method, token, at).isEqualTo(opcode);
                if (length == 2) {
                    assertThat(aml[at] & 0xFF).isEqualTo(AmlOpcode.EXT_OP_PREFIX);
                }
                return at + length;
        }
    }

    private static boolean isOpcode(String token) {
        return !Set.of("NameSeg", "byte", "PkgLength").contains(token);
    }

    private static Set<String> opcodeConstants() {
        Set<String> names = new HashSet<>();
        for (Field f : AmlOpcode.class.getFields()) {
            if (f.getType() == int.class && Modifier.isStatic(f.getModifiers())) {
                names.add(f.getName());
            }
        }
        return names;
    }

    /**
     * A field width is a bare PkgLength value. iasl writes the largest value of each form in the next longer form
     * (as if it counted its own bytes, like a block); the spec allows that, so the decoder must read it, while
     * {@link PkgLength#encode} writes the shortest form, as QEMU does.
     */
    @ParameterizedTest(name = "{0}: shortest form {1} bytes, iasl {2}")
    @CsvSource({"W001, 1, 1", "W03F, 1, 2", "W040, 2, 2", "WFFF, 2, 3", "W1K0, 3, 3", "WFFX, 3, 4", "W1M0, 4, 4",
            "WBIG, 4, 4"})
    void fieldWidthsAreBarePkgLengths(String field, int shortest, int iaslForm) {
        byte[] aml = Vectors.bytes("aml-pkglength.aml");
        int width = widthInSource(field);
        // NamedField := NameSeg PkgLength
        int at = Vectors.nameSegAt(aml, field) + 4;

        assertThat(PkgLength.decode(aml, at)).isEqualTo(width);
        assertThat(PkgLength.encodedLength(aml, at)).isEqualTo(iaslForm);
        assertThat(PkgLength.sizeOf(width)).isEqualTo(shortest);
        if (shortest == iaslForm) {
            assertThat(PkgLength.encode(width)).isEqualTo(Arrays.copyOfRange(aml, at, at + iaslForm));
        }
    }

    @ParameterizedTest(name = "{0}: {1}-byte form")
    @CsvSource({"B03C, 1, B03D", "B03D, 2, BFFA", "BFFA, 2, BFFB", "BFFB, 3, "})
    void blockLengthsCountThemselves(String buffer, int form, String next) {
        byte[] aml = Vectors.bytes("aml-pkglength.aml");
        // NameOp NameSeg BufferOp PkgLength …; the block ends where the next NameOp starts, or with the table
        int nameSeg = Vectors.nameSegAt(aml, buffer);
        assertThat(aml[nameSeg + 4] & 0xFF).isEqualTo(AmlOpcode.BUFFER_OP);
        int at = nameSeg + 5;
        int end = next == null ? aml.length : Vectors.nameSegAt(aml, next) - 1;
        if (next != null) {
            assertThat(aml[end] & 0xFF).isEqualTo(AmlOpcode.NAME_OP);
        }

        assertThat(PkgLength.decode(aml, at)).isEqualTo(end - at);
        assertThat(PkgLength.encodedLength(aml, at)).isEqualTo(form);
        assertThat(PkgLength.forBody(end - at - form)).isEqualTo(Arrays.copyOfRange(aml, at, at + form));
    }

    @Test
    void toUuidBytesAreGuidOrder() {
        byte[] aml = Vectors.bytes("aml-touuid.aml");
        List<String> checked = new ArrayList<>();
        Matcher m = TO_UUID.matcher(Vectors.text("aml-touuid.asl"));
        while (m.find()) {
            String uuid = m.group(2);
            // NameOp NameSeg BufferOp PkgLength BytePrefix 0x10, then the 16 bytes
            int at = Vectors.nameSegAt(aml, m.group(1)) + 4;
            at = expect16ByteBuffer(aml, at);
            byte[] iasl = Arrays.copyOfRange(aml, at, at + 16);
            byte[] guid = new byte[Guids.SIZE];
            Guids.put(guid, 0, UUID.fromString(uuid));

            assertThat(Uuid.toBytes(uuid)).as(uuid).isEqualTo(iasl);
            assertThat(guid).as("Guids.put " + uuid).isEqualTo(iasl);
            checked.add(uuid);
        }
        assertThat(checked).hasSize(4);
    }

    private static int expect16ByteBuffer(byte[] aml, int at) {
        assertThat(aml[at] & 0xFF).isEqualTo(AmlOpcode.BUFFER_OP);
        int pkg = at + 1;
        int data = pkg + PkgLength.encodedLength(aml, pkg);
        assertThat(aml[data] & 0xFF).isEqualTo(AmlOpcode.BYTE_PREFIX);
        assertThat(aml[data + 1]).isEqualTo((byte) 16);
        return data + 2;
    }

    private static int widthInSource(String field) {
        for (String line : Vectors.text("aml-pkglength.asl").split("\n")) {
            Matcher m = FIELD_WIDTH.matcher(line);
            if (m.find() && m.group(1).equals(field)) {
                return Integer.decode(m.group(2));
            }
        }
        throw new AssertionError("no field " + field + " in aml-pkglength.asl");
    }
}
