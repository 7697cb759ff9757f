package dev.vnvdimm.guest.aml;

import dev.vnvdimm.guest.platform.FlatMemoryPlatform;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The ASL suite: small programs in {@code src/test/resources/aml/*.aslt}, each compiled by iasl at test time and
 * run on a flat-memory platform, with the expected one-line result of {@code \MAIN}. Line forms:
 * <ul>
 *   <li>{@code expr => expected}: {@code Method (MAIN) { Return (expr) }};</li>
 *   <li>{@code { statements } => expected}: {@code Method (MAIN) { statements }};</li>
 *   <li>{@code [ declarations ] => expected}: the declarations (which define MAIN) at the table's root;</li>
 *   <li>{@code @rev N}: the DefinitionBlock revision of the cases below (1: 32-bit integers, 2: 64-bit).</li>
 * </ul>
 * An expected {@code error STATUS OPCODE_NAME} asserts an {@link AmlException} with that status and opcode.
 */
class AslSuiteTest {
    static final String[] FILES = {"arithmetic", "logic", "conversions", "strings", "control", "references",
            "fields", "errors", "sync"};

    @TempDir
    static Path dir;

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String file : FILES) {
            String text;
            try (InputStream in = AslSuiteTest.class.getResourceAsStream("/aml/" + file + ".aslt")) {
                text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
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
                out.add(Arguments.of(file + ":" + (n + 1) + " rev" + rev + " " + code, rev, body, expected));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} => {3}")
    @MethodSource("cases")
    void runs(String name, int rev, String body, String expected) throws Exception {
        Iasl.assumeInstalled();
        byte[] aml = Iasl.compile(dir, Iasl.definitionBlock(rev, body));
        List<String> debug = new ArrayList<>();
        AmlInterpreter ip = new AmlInterpreter(new FlatMemoryPlatform(0x10000),
                AmlOptions.defaults().withLoopTimeout(Duration.ofSeconds(2)).withDebugSink(debug::add));
        ip.load(aml);
        assertThat(ip.integerWidth()).isEqualTo(rev < 2 ? 32 : 64);
        if (expected.startsWith("error ")) {
            String[] want = expected.split(" ");
            try {
                AmlObject r = ip.evaluate("\\MAIN");
                fail("expected " + expected + " but got " + AmlFormatter.format(r));
            } catch (AmlException e) {
                assertThat(e.status()).as(e.getMessage()).isEqualTo(want[1]);
                assertThat(e.opcodeName()).as(e.getMessage()).isEqualTo(want[2]);
                assertThat(e.offset()).as(e.getMessage()).isGreaterThanOrEqualTo(36);
            }
        } else {
            assertThat(AmlFormatter.format(ip.evaluate("\\MAIN"))).isEqualTo(expected);
        }
    }
}
