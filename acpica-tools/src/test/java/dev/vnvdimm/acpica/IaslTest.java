package dev.vnvdimm.acpica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The iasl wrapper against iasl itself (skipped, with the reason, where it is missing; CI installs it). */
class IaslTest {
    private static final String DSDT = """
            DefinitionBlock ("", "DSDT", 2, "KIT", "IASLTEST", 1)
            {
                Method (MAIN, 0) { Return (ShiftLeft (1, 3)) }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void compilesAslAndDisassemblesTheTableBack() throws Exception {
        assumeTrue(Iasl.TOOL.isInstalled(), Iasl.TOOL::missingReason);

        byte[] table = Iasl.compile(dir, DSDT, List.of(Iasl.NO_CONSTANT_FOLDING));
        Iasl.Disassembly d = Iasl.disassemble(dir, table);

        assertThat(new String(table, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("DSDT");
        assertThat(d.succeeded()).as(d.log()).isTrue();
        assertThat(d.clean()).as(d.log()).isTrue();
        assertThat(d.problems()).isEmpty();
        assertThat(d.dsl()).contains("Method (MAIN, 0, NotSerialized)").contains("(One << 0x03)");
    }

    @Test
    void aBrokenChecksumIsAProblem() throws Exception {
        assumeTrue(Iasl.TOOL.isInstalled(), Iasl.TOOL::missingReason);
        byte[] table = Iasl.compile(dir, DSDT, List.of());
        table[9]++;

        assertThat(Iasl.disassemble(dir, table).problems()).anyMatch(l -> l.contains("Incorrect checksum"));
    }

    @Test
    void aSourceIaslRejectsFailsWithItsOutput() {
        assumeTrue(Iasl.TOOL.isInstalled(), Iasl.TOOL::missingReason);

        assertThatThrownBy(() -> Iasl.compile(dir, "DefinitionBlock (", List.of())).isInstanceOf(IOException.class)
                .hasMessageContaining("iasl failed").hasMessageContaining("DefinitionBlock (");
    }

    @Test
    void writesATemplate() throws Exception {
        assumeTrue(Iasl.TOOL.isInstalled(), Iasl.TOOL::missingReason);

        assertThat(Iasl.template(dir, "NFIT")).contains("Signature : \"NFIT\"");
    }

    @Test
    void aDisassemblyWithoutDslOrWithErrorsIsNotClean() {
        assertThat(new Iasl.Disassembly(0, "", "").succeeded()).isFalse();
        assertThat(new Iasl.Disassembly(0, "Error    6126 - syntax error", "x").clean()).isFalse();
        assertThat(new Iasl.Disassembly(0, "Compilation complete. 0 Errors", "x").clean()).isTrue();
        assertThat(new Iasl.Disassembly(1, "", "x").problems()).containsExactly("iasl exit code 1");
    }
}
