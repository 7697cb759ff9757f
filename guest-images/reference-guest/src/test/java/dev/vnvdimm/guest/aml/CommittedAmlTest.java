package dev.vnvdimm.guest.aml;

import dev.vnvdimm.acpica.Iasl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The committed AML of the ASL suite is there for every case, so the suite runs without iasl; and, wherever iasl is
 * installed, it is what iasl makes of each case now, but for the header fields iasl stamps (its name, version and
 * the checksum).
 */
class CommittedAmlTest {
    @TempDir
    Path dir;

    @Test
    void everyAslCaseHasItsCommittedAml() throws Exception {
        for (AslCase c : AslCase.all()) {
            assertThat(CompiledAsl.committed(c.asl())).as("committed AML of %s", c).exists();
        }
    }

    @Test
    void iaslMakesTheCommittedAmlOfEveryAslCase() throws Exception {
        assumeTrue(Iasl.TOOL.isInstalled(), Iasl.TOOL::missingReason);
        for (AslCase c : AslCase.all()) {
            byte[] made = Iasl.compile(dir, c.asl(), CompiledAsl.FLAGS);
            assertThat(CompiledAsl.sameAml(Files.readAllBytes(CompiledAsl.committed(c.asl())), made))
                    .as("iasl's AML of %s matches the committed AML", c).isTrue();
        }
    }

    @Test
    void theComparisonIgnoresOnlyWhatIaslStampsIntoTheHeader() {
        byte[] a = new byte[40];
        byte[] b = a.clone();
        b[9] = 7; // checksum
        b[28] = 'I'; // Creator ID
        b[35] = 0x20; // Creator Revision
        assertThat(CompiledAsl.sameAml(a, b)).isTrue();
        b[36] = 1; // the first AML byte after the header
        assertThat(CompiledAsl.sameAml(a, b)).isFalse();
    }
}
