package dev.vnvdimm.guest.aml;

import dev.vnvdimm.guest.aml.runtime.AmlException;
import dev.vnvdimm.guest.aml.runtime.AmlFormatter;
import dev.vnvdimm.guest.aml.runtime.AmlObject;
import dev.vnvdimm.guest.aml.runtime.AmlOptions;
import dev.vnvdimm.guest.platform.FlatMemoryPlatform;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The ASL suite: small programs in {@code src/test/resources/aml/*.aslt} ({@link AslCase} gives the line forms),
 * each compiled by iasl at test time and run on a flat-memory platform, with the expected one-line result of
 * {@code \MAIN}. An expected {@code error STATUS OPCODE_NAME} asserts an {@link AmlException} with that status and
 * opcode. {@link AcpiexecOracleTest} checks the same expectations against ACPICA's acpiexec.
 */
class AslSuiteTest {
    @TempDir
    static Path dir;

    static Stream<Arguments> cases() throws IOException {
        return AslCase.all().stream().map(c -> Arguments.of(c.toString(), c.revision(), c.body(), c.expected()));
    }

    @ParameterizedTest(name = "{0} => {3}")
    @MethodSource("cases")
    void runs(String name, int rev, String body, String expected) throws Exception {
        byte[] aml = CompiledAsl.compile(dir, CompiledAsl.definitionBlock(rev, body));
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
