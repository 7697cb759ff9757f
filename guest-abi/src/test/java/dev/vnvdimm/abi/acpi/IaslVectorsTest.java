package dev.vnvdimm.abi.acpi;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The stored vectors are reproducible: iasl, run as {@code vectors/README.md} says, makes them again. A
 * table's Asl Compiler ID and Revision are iasl's own name and version, so a regenerated table is compared
 * under the stored table's header (which also fixes the checksum); tables without that header exactly.
 */
class IaslVectorsTest {
    private static boolean installed;

    @TempDir
    Path dir;

    @BeforeAll
    static void probe() {
        try {
            Process p = new ProcessBuilder("iasl", "-v").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            installed = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            installed = false;
        }
    }

    @ParameterizedTest(name = "iasl {1} {0}.asl")
    @CsvSource({
            "rsdp, '', false",
            "facs, '', false",
            "rsdt, '', true",
            "xsdt, '', true",
            "facp-rev1, '', true",
            "nfit-template, '', true",
            "nfit-qemu-memctrl-unarmed, '', true",
            "nfit-qemu-no-persistence, '', true",
            "aml-opcodes, -of -on, true",
            "aml-pkglength, '', true",
            "aml-touuid, '', true",
    })
    void iaslMakesTheStoredVectorAgain(String name, String flags, boolean standardHeader) throws Exception {
        assumeIasl();
        Path src = dir.resolve(name + ".asl");
        Files.write(src, Vectors.bytes(name + ".asl"));
        List<String> cmd = new ArrayList<>(List.of("iasl"));
        if (!flags.isBlank()) {
            cmd.addAll(List.of(flags.split(" ")));
        }
        cmd.addAll(List.of("-p", dir.resolve(name).toString(), src.toString()));
        run(cmd);

        byte[] stored = Vectors.bytes(name + ".aml");
        byte[] made = Files.readAllBytes(dir.resolve(name + ".aml"));
        if (standardHeader) {
            made = AcpiTableHeader.parse(stored).seal(made);
        }
        assertThat(made).isEqualTo(stored);
    }

    @Test
    void iaslWritesTheStoredNfitTemplateAgain() throws Exception {
        assumeIasl();
        run(List.of("iasl", "-T", "NFIT"));

        assertThat(fields(Files.readString(dir.resolve("nfit.asl"), StandardCharsets.UTF_8)))
                .isEqualTo(fields(Vectors.text("nfit-template.asl")));
    }

    /** The template without its opening comment, which names iasl's version. */
    private static String fields(String template) {
        return template.lines().filter(l -> !l.startsWith("/*") && !l.startsWith(" *"))
                .collect(Collectors.joining("\n"));
    }

    private static void assumeIasl() {
        assumeTrue(installed, "iasl (acpica-tools) not installed: apt-get install acpica-tools to run this test");
    }

    private void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("iasl finished").isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
