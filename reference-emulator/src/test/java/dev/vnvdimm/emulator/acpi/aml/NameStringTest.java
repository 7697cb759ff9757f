package dev.vnvdimm.emulator.acpi.aml;

import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NameStringTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "NCAL            | NCAL",
            "LEN             | LEN_",
            "A               | A___",
            "_SB             | _SB_",
            "\\_SB           | \\_SB_",
            "\\              | \\<00>",
            "^VAL1           | ^VAL1",
            "^^PCI0          | ^^PCI0",
            "_SB.NVDR        | <2E>_SB_NVDR",
            "\\_SB.NVDR      | \\<2E>_SB_NVDR",
            "\\_SB.PCI0.S08  | \\<2F><03>_SB_PCI0S08_",
            "^PCI0.S08       | ^<2E>PCI0S08_",
            "A.B.C.D         | <2F><04>A___B___C___D___",
    })
    void encodesPrefixesAndPaths(String asl, String expected) {
        assertThat(hex(NameString.of(asl).encode())).isEqualTo(hex(bytes(expected)));
    }

    @Test
    void twoHundredFiftyFiveSegmentsIsTheLimit() {
        String path255 = String.join(".", Collections.nCopies(255, "SEG"));
        byte[] encoded = NameString.of(path255).encode();

        assertThat(encoded).startsWith(0x2F, 0xFF).hasSize(2 + 255 * 4);
        assertThatThrownBy(() -> NameString.of(path255 + ".ONE"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("255");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "TOOLONG", "1ABC", "ab", "A-B", "_SB..NVDR", "\\_SB.", "^", "A\\B", "\\^A"})
    void rejectsWhatTheGrammarDoesNot(String path) {
        assertThatThrownBy(() -> NameString.of(path)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Writes {@code <hh>} as the byte 0xhh and every other character as itself. */
    private static byte[] bytes(String spec) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < spec.length(); i++) {
            if (spec.charAt(i) == '<') {
                hex.append(spec, i + 1, i + 3);
                i += 3;
            } else {
                hex.append(HexFormat.of().toHexDigits(spec.substring(i, i + 1).getBytes(StandardCharsets.US_ASCII)[0]));
            }
        }
        return HexFormat.of().parseHex(hex);
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
