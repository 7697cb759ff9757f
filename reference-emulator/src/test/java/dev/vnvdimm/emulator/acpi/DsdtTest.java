package dev.vnvdimm.emulator.acpi;

import dev.vnvdimm.abi.acpi.AcpiTableHeader;
import dev.vnvdimm.acpica.Acpiexec;
import dev.vnvdimm.acpica.Iasl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DsdtTest {

    private static final String EQUIVALENT_ASL = """
            DefinitionBlock ("", "DSDT", 1, "BOCHS ", "BXPC", 1)
            {
                Scope (\\_SB)
                {
                }

                Scope (\\_GPE)
                {
                    Method (_E04, 0, NotSerialized)
                    {
                        Notify (\\_SB.NVDR, 0x80)
                    }
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void headerIsRevisionOneSoIntegersAre32Bit() {
        byte[] dsdt = new Dsdt().build();

        assertThat(Dsdt.REVISION).isEqualTo(1);
        assertThat(AcpiTableHeader.parse(dsdt)).isEqualTo(AcpiTableHeader.qemu("DSDT", 1));
        assertThat(AcpiTableHeader.sum(dsdt, 0, dsdt.length)).isZero();
    }

    @Test
    void bodyIsWhatIaslCompilesFromTheEquivalentAsl() throws Exception {
        assumeTrue(Iasl.TOOL.isInstalled(), Iasl.TOOL::missingReason);
        // 6084 "Object does not exist": \_SB.NVDR is declared by the NVDIMM SSDT, not in this table.
        // Suppressing that one message (instead of an External, which iasl would emit as an ExternalOp
        // into the AML) keeps the compiled body comparable with the builder's.
        byte[] iasl = Iasl.compile(dir, EQUIVALENT_ASL, withAsWritten("-vw", "6084"));

        assertThat(HexFormat.of().formatHex(body(new Dsdt().build())))
                .isEqualTo(HexFormat.of().formatHex(body(iasl)))
                .isEqualTo("10065c5f53425f" + "101a5c5f475045" + "14135f45303400" + "865c2e5f53425f4e5644520a80");
    }

    @Test
    void disassemblesCleanly() throws Exception {
        assumeTrue(Iasl.TOOL.isInstalled(), Iasl.TOOL::missingReason);
        Iasl.Disassembly d = Iasl.disassemble(dir, new Dsdt().build());
        assertThat(d.succeeded()).as(d.log()).isTrue();
        String dsl = d.dsl();

        assertThat(dsl).doesNotContainIgnoringCase("error")
                .contains("DefinitionBlock (\"\", \"DSDT\", 1, \"BOCHS \", \"BXPC    \", 0x00000001)")
                .contains("Method (_E04, 0, NotSerialized)")
                .contains("Notify (\\_SB.NVDR, 0x80)");
    }

    @Test
    void withoutNvdimmOnlyTheSystemBusScopeRemains() {
        byte[] dsdt = new Dsdt(false).build();

        assertThat(HexFormat.of().formatHex(body(dsdt))).isEqualTo("10065c5f53425f");
    }

    @Test
    void hotplugGpeNotifiesTheNvdimmRootDeviceDeclaredByTheSsdt() throws Exception {
        assumeTrue(Acpiexec.TOOL.isInstalled(), Acpiexec.TOOL::missingReason);
        String out = Acpiexec.batch(dir, "execute \\_GPE._E04",
                new Dsdt().build(), new NvdimmSsdt(3).build(0x100000).bytes());

        assertThat(out).contains("2 ACPI AML tables successfully acquired and loaded")
                .containsPattern("Notify on \\[NVDR\\] \\S+ Value 0x80")
                .doesNotContain("AE_NOT_FOUND");
    }

    /** iasl's flags for terms as written, then {@code extra}. */
    private static List<String> withAsWritten(String... extra) {
        List<String> flags = new ArrayList<>(Iasl.AS_WRITTEN);
        flags.addAll(List.of(extra));
        return flags;
    }

    /** The definition block body: everything after the table header. */
    private static byte[] body(byte[] table) {
        return Arrays.copyOfRange(table, AcpiTableHeader.SIZE, table.length);
    }
}
