package dev.vnvdimm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vnvdimm.acpica.Iasl;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code vnvdimm aml-eval} on tables compiled by iasl. */
class AmlEvalCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Path table;

    @BeforeEach
    void compile() throws Exception {
        assumeTrue(Iasl.TOOL.isInstalled(), Iasl.TOOL.missingReason());
        Files.writeString(dir.resolve("t.asl"), """
                DefinitionBlock ("", "DSDT", 1, "KIT", "EVAL", 1)
                {
                    Name (PKG, Package () { 0x3E8, "kit", Buffer () {0x71, 0, 0, 0}, Package () { Ones } })
                    Method (MAIN, 0)
                    {
                        Local0 = 0
                        While (Local0 < 1000) { Local0++ }
                        PKG [0] = Local0
                        Return (PKG)
                    }
                    Method (ADD2, 2) { Return (Arg0 + Arg1) }
                    Method (OOPS, 0)
                    {
                        Local0 = Buffer (2) {}
                        Return (DerefOf (Local0 [5]))
                    }
                }
                """);
        var compiled = Iasl.TOOL.run(dir, List.of("t.asl"), 60);
        table = dir.resolve("t.aml");
        assertThat(table).as(compiled.output()).exists();
    }

    private int run(String... args) {
        CommandLine cl = VnvdimmCli.create();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void evaluatesMainAndPrintsOneLine() {
        assertThat(run("aml-eval", table.toString())).isZero();
        // a revision-1 DSDT has 32-bit integers: Ones is 0xffffffff
        assertThat(out.toString()).isEqualTo("pkg [ int 0x3e8, str \"kit\", buf 71000000, pkg [ int 0xffffffff ] ]\n");
    }

    @Test
    void takesAMethodAndArguments() {
        assertThat(run("aml-eval", "--method", "\\ADD2", "--arg", "int:40", "--arg", "int:0x2", table.toString()))
                .isZero();
        assertThat(out.toString()).isEqualTo("int 0x2a\n");
    }

    @Test
    void anAmlErrorNamesTheOpcodeAndOffsetAndExitsOne() {
        assertThat(run("aml-eval", "--method", "\\OOPS", table.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("AE_AML_BUFFER_LIMIT").contains("INDEX_OP at DSDT(EVAL)+0x");
        assertThat(out.toString()).isEmpty();
    }
}
