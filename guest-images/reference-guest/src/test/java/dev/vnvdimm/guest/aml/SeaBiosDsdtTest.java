package dev.vnvdimm.guest.aml;

import dev.vnvdimm.acpica.Acpiexec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Another firmware's real table: the DSDT SeaBIOS ships (Debian's {@code seabios} package, which QEMU's depends on),
 * loaded a second time as an SSDT (every object met again and skipped, the namespace unchanged) and read through
 * its PCI interrupt links on all-ones PCI config space; acpiexec must reach the same outcomes where it is installed.
 * Not run where the package is not installed.
 */
class SeaBiosDsdtTest {
    static final Path DSDT = Path.of("/usr/share/seabios/acpi-dsdt.aml");

    @TempDir
    Path dir;

    private static ToleranceCase reloaded() {
        return new ToleranceCase("SeaBIOS's DSDT loaded a second time, as an SSDT",
                List.of(new ToleranceCase.HostFile(DSDT, null), new ToleranceCase.HostFile(DSDT, "SSDT"), main()),
                List.of(), 30, true, null, 0, null, null);
    }

    private static ToleranceCase.Asl main() {
        return ToleranceCase.block("SSDT", "SBMAIN", """
                External (\\_SB.LNKA._STA, MethodObj)
                External (\\_SB.LNKA._CRS, MethodObj)
                External (\\_SB.PCI0._HID, IntObj)
                Method (MAIN) {
                    Local0 = Package (3) {}
                    Local0[0] = \\_SB.PCI0._HID
                    Local0[1] = \\_SB.LNKA._STA ()
                    Local0[2] = \\_SB.LNKA._CRS ()
                    Return (Local0)
                }
                """);
    }

    @Test
    void theInterpreterAndAcpiexecLoadItTwiceAndReadItsLinksAlike() throws Exception {
        assumeTrue(Files.isReadable(DSDT), "SeaBIOS's DSDT is not installed (install it: apt-get install seabios)");
        ToleranceCase c = reloaded();

        String interpreter = ToleranceTest.run(c, dir).line();

        // PNP0A03 host bridge; link A disabled (routing register all ones), IRQ 0
        assertThat(ToleranceCase.result(interpreter))
                .isEqualTo("pkg [ int 0x30ad041, int 0x9, buf 8906000901000000007900 ]");
        List<String> skipped = ToleranceCase.exceptions(interpreter);
        assertThat(skipped).isNotEmpty().allMatch(s -> s.startsWith("AE_ALREADY_EXISTS"));
        if (Acpiexec.TOOL.isInstalled()) {
            String acpiexec = ToleranceOracleTest.outcome(ToleranceOracleTest.run(c, dir));
            assertThat(ToleranceCase.result(acpiexec)).isEqualTo(ToleranceCase.result(interpreter));
            assertThat(ToleranceCase.exceptions(acpiexec)).allMatch(s -> s.startsWith("AE_ALREADY_EXISTS")
                    || s.equals("AE_NOT_FOUND"));
        }
    }
}
