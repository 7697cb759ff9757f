package dev.vnvdimm.abi.acpi;

import dev.vnvdimm.acpica.Iasl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The stored vectors are reproducible: iasl, run as {@code vectors/README.md} says, makes them again. A
 * table's Asl Compiler ID and Revision are iasl's own name and version, so a regenerated table is compared
 * under the stored table's header (which also fixes the checksum); tables without that header exactly.
 */
class IaslVectorsTest {
    @TempDir
    Path dir;

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
        // the vectors are ASCII; Latin-1 hands their bytes to iasl unchanged
        String source = new String(Vectors.bytes(name + ".asl"), StandardCharsets.ISO_8859_1);
        byte[] made = Iasl.compile(dir, source, flags.isBlank() ? List.of() : List.of(flags.split(" ")));

        byte[] stored = Vectors.bytes(name + ".aml");
        if (standardHeader) {
            made = AcpiTableHeader.parse(stored).seal(made);
        }
        assertThat(made).isEqualTo(stored);
    }

    @Test
    void iaslWritesTheStoredNfitTemplateAgain() throws Exception {
        assumeIasl();

        assertThat(fields(Iasl.template(dir, "NFIT"))).isEqualTo(fields(Vectors.text("nfit-template.asl")));
    }

    /** The template without its opening comment, which names iasl's version. */
    private static String fields(String template) {
        return template.lines().filter(l -> !l.startsWith("/*") && !l.startsWith(" *"))
                .collect(Collectors.joining("\n"));
    }

    private static void assumeIasl() {
        assumeTrue(Iasl.TOOL.isInstalled(), Iasl.TOOL::missingReason);
    }
}
