package dev.vnvdimm.emulator.acpi;

import dev.vnvdimm.abi.acpi.AcpiTableHeader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

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
        AslCompiler.assumeInstalled();
        // 6084 "Object does not exist": \_SB.NVDR is declared by the NVDIMM SSDT, not in this table.
        // Suppressing that one message (instead of an External, which iasl would emit as an ExternalOp
        // into the AML) keeps the compiled body comparable with the builder's.
        byte[] iasl = AslCompiler.compile(dir, EQUIVALENT_ASL, "-vw", "6084");

        assertThat(HexFormat.of().formatHex(AslCompiler.body(new Dsdt().build())))
                .isEqualTo(HexFormat.of().formatHex(AslCompiler.body(iasl)))
                .isEqualTo("10065c5f53425f" + "101a5c5f475045" + "14135f45303400" + "865c2e5f53425f4e5644520a80");
    }

    @Test
    void disassemblesCleanly() throws Exception {
        AslCompiler.assumeInstalled();
        String dsl = AslCompiler.disassemble(dir, new Dsdt().build());

        assertThat(dsl).doesNotContainIgnoringCase("error")
                .contains("DefinitionBlock (\"\", \"DSDT\", 1, \"BOCHS \", \"BXPC    \", 0x00000001)")
                .contains("Method (_E04, 0, NotSerialized)")
                .contains("Notify (\\_SB.NVDR, 0x80)");
    }

    @Test
    void withoutNvdimmOnlyTheSystemBusScopeRemains() {
        byte[] dsdt = new Dsdt(false).build();

        assertThat(HexFormat.of().formatHex(AslCompiler.body(dsdt))).isEqualTo("10065c5f53425f");
    }

    @Test
    void hotplugGpeNotifiesTheNvdimmRootDeviceDeclaredByTheSsdt() throws Exception {
        AcpiExec.assumeInstalled();
        String out = AcpiExec.run(dir, "execute \\_GPE._E04",
                new Dsdt().build(), new NvdimmSsdt(3).build(0x100000).bytes());

        assertThat(out).contains("2 ACPI AML tables successfully acquired and loaded")
                .containsPattern("Notify on \\[NVDR\\] \\S+ Value 0x80")
                .doesNotContain("AE_NOT_FOUND");
    }
}
