package dev.vnvdimm.abi.aml;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PkgLengthTest {

    @ParameterizedTest(name = "0x{0} -> {1}")
    @CsvSource({
            "0,       00",
            "3F,      3f",
            "40,      4004",
            "FFF,     4fff",
            "1000,    800001",
            "7FA0,    80fa07",
            "7FE0,    80fe07",
            "FFFFF,   8fffff",
            "100000,  c0000001",
            "FFFFFFF, cfffffff",
    })
    void encodesValuesInTheShortestForm(String value, String expected) {
        int v = Integer.parseInt(value, 16);

        byte[] encoded = PkgLength.encode(v);

        assertThat(HexFormat.of().formatHex(encoded)).isEqualTo(expected);
        assertThat(PkgLength.sizeOf(v)).isEqualTo(encoded.length);
        assertThat(PkgLength.decode(encoded, 0)).isEqualTo(v);
    }

    @ParameterizedTest(name = "body {0} -> {1}")
    @CsvSource({
            // the encoded value counts the PkgLength bytes too
            "0,      01",
            "3E,     3f",
            "3F,     4104",      // 0x3F + 1 would be 0x40: needs 2 bytes, so 0x41
            "FFD,    4fff",
            "FFE,    810001",    // 0xFFE + 2 = 0x1000 no longer fits 2 bytes: 3 bytes, 0x1001
            "FFFFC,  8fffff",
            "FFFFD,  c1000001",
    })
    void blockLengthIncludesItsOwnBytes(String body, String expected) {
        assertThat(HexFormat.of().formatHex(PkgLength.forBody(Integer.parseInt(body, 16)))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0x1000_0000})
    void rejectsValuesFourBytesCannotHold(int value) {
        assertThatThrownBy(() -> PkgLength.encode(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(String.valueOf(value));
    }

    @ParameterizedTest
    @ValueSource(ints = {0x0FFF_FFFC, Integer.MAX_VALUE})
    void rejectsBlocksTooLongForAPkgLength(int body) {
        assertThatThrownBy(() -> PkgLength.forBody(body)).isInstanceOf(IllegalArgumentException.class);
    }
}
