package dev.vnvdimm.emulator.acpi.aml;

import dev.vnvdimm.abi.aml.Uuid;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HexFormat;

import static dev.vnvdimm.emulator.acpi.aml.Aml.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Encodings of data objects and argument/local terms that need no reference compiler. */
class DataObjectEncodingTest {

    @ParameterizedTest(name = "0x{0} -> {1}")
    @CsvSource({
            "0,                00",
            "1,                01",
            "2,                0a02",
            "FF,               0aff",
            "100,              0b0001",
            "FFFF,             0bffff",
            "10000,            0c00000100",
            "7FFE000,          0c00e0ff07",
            "FFFFFFFF,         0cffffffff",
            "100000000,        0e0000000001000000",
            "FFFFFFFFFFFFFFFE, 0efeffffffffffffff",
            "FFFFFFFFFFFFFFFF, ff",
    })
    void integerPicksTheShortestConstantLikeQemusAmlInt(String value, String expected) {
        assertThat(hex(integer(Long.parseUnsignedLong(value, 16)).encode())).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // the facts' examples: the first three groups little-endian, the rest as written
            "2f10e7a4-9e91-11e4-89d3-123b93f75cba, a4e7102f919ee41189d3123b93f75cba",
            "648b9cf2-cda1-4312-8ad9-49c4af32bd62, f29c8b64a1cd12438ad949c4af32bd62",
            "4309ac30-0d11-11e4-9191-0800200c9a66, 30ac0943110de41191910800200c9a66",
            "66F0D379-B4F3-4074-AC43-0D3318B78CDB, 79d3f066f3b47440ac430d3318b78cdb",
    })
    void toUuidUsesGuidByteOrder(String uuid, String bytes) {
        assertThat(hex(Uuid.toBytes(uuid))).isEqualTo(bytes);
        assertThat(hex(toUuid(uuid).encode())).isEqualTo("11130a10" + bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2f10e7a49e9111e489d3123b93f75cba", "2f10e7a4-9e91-11e4-89d3-123b93f75cb",
            "zf10e7a4-9e91-11e4-89d3-123b93f75cba", "{2f10e7a4-9e91-11e4-89d3-123b93f75cba}"})
    void toUuidRejectsOtherForms(String uuid) {
        assertThatThrownBy(() -> toUuid(uuid)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stringsAreNulTerminatedAscii() {
        assertThat(hex(string("ACPI0012").encode())).isEqualTo("0d4143504930303132" + "00");
        assertThat(hex(string("").encode())).isEqualTo("0d00");
        assertThatThrownBy(() -> string("caf\u00e9")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> string("a\0b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void buffersCarryTheirSizeAsAnInteger() {
        assertThat(hex(buffer(0).encode())).isEqualTo("110200");
        assertThat(hex(buffer(1, (byte) 1).encode())).isEqualTo("11030101");
        assertThat(hex(buffer(8, new byte[8]).encode())).isEqualTo("110b0a08" + "00".repeat(8));
        assertThat(hex(buffer(0x100).encode())).isEqualTo("11040b0001");
        assertThatThrownBy(() -> buffer(1, (byte) 1, (byte) 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void packagesCountTheirElements() {
        assertThat(hex(packageOf(path("STTS"), path("SLSA"), path("MAXT")).encode()))
                .isEqualTo("120e03" + "53545453" + "534c5341" + "4d415854");
        assertThat(hex(packageOf(4, one()).encode())).isEqualTo("12030401");
        assertThatThrownBy(() -> packageOf(256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> packageOf(0, one())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void localsArgsAndNullName() {
        assertThat(hex(local(0).encode())).isEqualTo("60");
        assertThat(hex(local(7).encode())).isEqualTo("67");
        assertThat(hex(arg(0).encode())).isEqualTo("68");
        assertThat(hex(arg(6).encode())).isEqualTo("6e");
        assertThat(hex(nullName().encode())).isEqualTo("00");
        assertThat(hex(debug().encode())).isEqualTo("5b31");
        assertThatThrownBy(() -> local(8)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Local8");
        assertThatThrownBy(() -> arg(7)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Arg7");
    }

    @Test
    void omittedTargetsAreNullName() {
        // Local1 = (Local1 << 3) as QEMU writes it
        assertThat(hex(store(shiftLeft(local(1), integer(3)), local(1)).encode())).isEqualTo("7079610a030061");
        assertThat(hex(add(local(0), one()).encode())).isEqualTo("72600100");
        assertThat(hex(index(arg(3), zero()).encode())).isEqualTo("886b0000");
        assertThat(hex(toBuffer(local(0)).encode())).isEqualTo("966000");
        assertThat(hex(concatenate(local(0), local(1)).encode())).isEqualTo("73606100");
        assertThat(hex(subtract(local(0), one()).encode())).isEqualTo("74600100");
        assertThat(hex(multiply(local(0), one()).encode())).isEqualTo("77600100");
        assertThat(hex(mod(local(0), one()).encode())).isEqualTo("85600100");
        assertThat(hex(shiftRight(local(0), one()).encode())).isEqualTo("7a600100");
        assertThat(hex(and(local(0), one()).encode())).isEqualTo("7b600100");
        assertThat(hex(or(local(0), one()).encode())).isEqualTo("7d600100");
        assertThat(hex(xor(local(0), one()).encode())).isEqualTo("7f600100");
        assertThat(hex(not(local(0)).encode())).isEqualTo("806000");
        assertThat(hex(toInteger(local(0)).encode())).isEqualTo("996000");
        assertThat(hex(toHexString(local(0)).encode())).isEqualTo("986000");
        assertThat(hex(toDecimalString(local(0)).encode())).isEqualTo("976000");
        assertThat(hex(condRefOf(path("_OSI")).encode())).isEqualTo("5b125f4f534900");
    }

    @Test
    void methodFlagsPackArgCountSerializeRuleAndSyncLevel() {
        assertThat(hex(method("NCAL", 5, SerializeRule.SERIALIZED).encode())).isEqualTo("14064e43414c0d");
        assertThat(hex(method("_DSM", 4, SerializeRule.NOT_SERIALIZED).encode())).isEqualTo("14065f44534d04");
        assertThat(hex(method("SYNC", 2, SerializeRule.SERIALIZED, 15).encode())).isEqualTo("140653594e43fa");
        assertThatThrownBy(() -> method("BAD", 8, SerializeRule.SERIALIZED))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> method("BAD", 0, SerializeRule.SERIALIZED, 16))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
