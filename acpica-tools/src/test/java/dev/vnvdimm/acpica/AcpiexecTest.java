package dev.vnvdimm.acpica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The acpiexec wrapper against acpiexec itself (skipped, with the reason, where it is missing; CI installs it). */
class AcpiexecTest {
    @TempDir
    Path dir;

    @Test
    void evaluatesAMethodOfTheLoadedTables() throws Exception {
        assumeTrue(Iasl.TOOL.isInstalled(), Iasl.TOOL::missingReason);
        assumeTrue(Acpiexec.TOOL.isInstalled(), Acpiexec.TOOL::missingReason);
        byte[] dsdt = Iasl.compile(dir, """
                DefinitionBlock ("", "DSDT", 2, "KIT", "EXECTEST", 1)
                {
                    Method (MAIN, 0) { Return (0x2A) }
                }
                """, List.of());

        String console = Acpiexec.batch(dir, "evaluate \\MAIN", dsdt);

        assertThat(console).contains("Evaluation of \\MAIN returned object").contains("[Integer] = 000000000000002A");
    }
}
