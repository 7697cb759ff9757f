package dev.vnvdimm.emulator.acpi.aml;

import dev.vnvdimm.abi.acpi.AcpiTableHeader;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static dev.vnvdimm.emulator.acpi.aml.Aml.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How terms compose: Else chaining, block lengths, Field offsets and placeholder offsets. */
class TermCompositionTest {

    @Test
    void elseIfChainNestsInsideElse() {
        AmlBlock flat = method("MTST", 1, SerializeRule.NOT_SERIALIZED)
                .append(ifThen(arg(0)).append(returnValue(one())))
                .append(elseIf(lEqual(arg(0), one())).append(returnValue(integer(2))))
                .append(elseBlock().append(returnValue(integer(3))));
        AmlBlock nested = method("MTST", 1, SerializeRule.NOT_SERIALIZED)
                .append(ifThen(arg(0)).append(returnValue(one())))
                .append(elseBlock()
                        .append(ifThen(lEqual(arg(0), one())).append(returnValue(integer(2))))
                        .append(elseBlock().append(returnValue(integer(3)))));

        assertThat(hex(flat.encode())).isEqualTo(hex(nested.encode()))
                .contains("a004" + "68" + "a401")
                .contains("a10e" + "a007" + "936801" + "a40a02" + "a104" + "a40a03");
    }

    @Test
    void elseWithoutIfIsRejected() {
        AmlBlock m = method("MTST", 0, SerializeRule.NOT_SERIALIZED);

        assertThatThrownBy(() -> m.append(elseBlock())).isInstanceOf(IllegalStateException.class);
        m.append(ifThen(one()), noop());
        assertThatThrownBy(() -> m.append(elseIf(one()))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void secondElseAfterAClosedChainIsRejected() {
        AmlBlock m = method("MTST", 0, SerializeRule.NOT_SERIALIZED)
                .append(ifThen(one()), elseIf(zero()), elseBlock());

        assertThatThrownBy(() -> m.append(elseBlock())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already ends with an Else");
    }

    @Test
    void blockPkgLengthGrowsToTwoBytesWhenTheBlockPassesSixtyThreeBytes() {
        // Scope(\) = ScopeOp PkgLength 5C 00 body; with 60 Noops the PkgLength value is 1 + 2 + 60 = 0x3F
        AmlBlock fits = scope("\\").append(noops(60));
        AmlBlock spills = scope("\\").append(noops(61));

        assertThat(hex(fits.encode())).startsWith("103f5c00a3");
        // 61 Noops: 2 + 61 + 2 PkgLength bytes = 0x41
        assertThat(hex(spills.encode())).startsWith("1041045c00a3");
        assertThat(fits.length()).isEqualTo(fits.encode().length).isEqualTo(0x40);
        assertThat(spills.length()).isEqualTo(spills.encode().length).isEqualTo(0x42);
    }

    @Test
    void fieldOffsetBecomesReservedBitsAndCannotGoBackwards() {
        Field f = field("REG0", AccessType.BYTE_ACC, LockRule.NO_LOCK, UpdateRule.PRESERVE)
                .append(namedField("F1", 4), offset(2), namedField("F2", 8), offset(3));

        // F1_ 4 bits, then 12 reserved bits to reach byte 2, F2_ 8 bits, Offset(3) is where we already are
        assertThat(hex(f.encode())).isEqualTo("5b8112" + "5245473001" + "46315f5f04" + "000c" + "46325f5f08");
        assertThatThrownBy(() -> f.append(offset(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Offset(1)");
    }

    @Test
    void namedDWordReportsWhereItsValueLandsInTheTable() {
        NamedDWord mema = namedDWord("MEMA", 0x12345678L);
        AmlTable table = definitionBlock(AcpiTableHeader.qemu("SSDT", 1))
                .append(scope("\\_SB").append(name("X", one())))
                .append(mema)
                .build();

        int at = table.offsetOf(mema);
        // header 36 + Scope (10 05 5C '_SB_' 08 'X___' 01 = 13 bytes) + NameOp 'MEMA' DWordPrefix
        assertThat(at).isEqualTo(36 + 13 + 6);
        assertThat(HexFormat.of().formatHex(table.bytes(), at, at + 4)).isEqualTo("78563412");
        assertThat(AcpiTableHeader.sum(table.bytes(), 0, table.length())).isZero();
        assertThatThrownBy(() -> table.offsetOf(namedDWord("OTHR", 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OTHR");
        assertThatThrownBy(() -> namedDWord("BIG", 0x1_0000_0000L)).isInstanceOf(IllegalArgumentException.class);
    }

    private static AmlTerm[] noops(int n) {
        AmlTerm[] t = new AmlTerm[n];
        Arrays.fill(t, noop());
        return t;
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
