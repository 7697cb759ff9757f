package dev.vnvdimm.guest.aml;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading acpiexec 20200925's console, from text it printed for {@code evaluate \MAIN} (abridged to the result);
 * the last test's lines are made up, standing for forms the reader does not know.
 */
class AcpiexecResultTest {

    @Test
    void readsANestedPackage() {
        String console = """
                Evaluating \\MAIN
                Evaluation of \\MAIN returned object 0x55f5da3a5d60, external buffer length A0
                  [Package] Contains 4 Elements:
                    [Integer] = 0000000000000001
                    [String] Length 01 = "a"
                    [Buffer] Length 01 =     0000: 02                                               // .
                    [Package] Contains 1 Elements:
                      [Integer] = 0000000000000003
                """;

        assertThat(AcpiexecResult.of(console)).isEqualTo("pkg [ int 0x1, str \"a\", buf 02, pkg [ int 0x3 ] ]");
    }

    @Test
    void readsABufferDumpedOnSeveralRows() {
        String console = """
                Evaluation of \\MAIN returned object 0x564e2686ad60, external buffer length 30
                  [Buffer] Length 14 =\s
                    0000: 01 02 03 00 00 00 00 00 00 00 00 00 00 00 00 00  // ................
                    0010: 00 00 00 00                                      // ....
                """;

        assertThat(AcpiexecResult.of(console)).isEqualTo("buf 0102030000000000000000000000000000000000");
    }

    @Test
    void readsUninitializedElementsAndNoResult() {
        assertThat(AcpiexecResult.of("""
                Evaluation of \\MAIN returned object 0x55f5da3a5d60, external buffer length 60
                  [Package] Contains 2 Elements:
                    [Integer] = 0000000000000001
                    [Null Object] (Type=0)
                """)).isEqualTo("pkg [ int 0x1, none ]");
        assertThat(AcpiexecResult.of("No object was returned from evaluation of \\MAIN")).isEqualTo("none");
    }

    @Test
    void namesTheStatusAndTheOpcodeWhereItFailed() {
        assertThat(AcpiexecResult.of("""
                ACPI Error: Divide by zero (20200925/utmath-597)
                Failed at AML Offset 00004, Opcode 0078: Divide (0x0A, Local1, )
                Evaluation of \\MAIN failed with status AE_AML_DIVIDE_BY_ZERO
                """)).isEqualTo("error AE_AML_DIVIDE_BY_ZERO DIVIDE_OP");
        // ACPICA's internal opcode for a NamePath it could not resolve
        assertThat(AcpiexecResult.of("""
                Failed at AML Offset 00001, Opcode 002D:\s
                Evaluation of \\MAIN failed with status AE_NOT_FOUND
                """)).isEqualTo("error AE_NOT_FOUND NameString");
    }

    @Test
    void saysWhatItCouldNotRead() {
        assertThat(AcpiexecResult.of("""
                Evaluation of \\MAIN returned object 0x1, external buffer length 18
                  [Object Reference] = 0x1
                """)).startsWith("unreadable: [Object Reference]");
        assertThat(AcpiexecResult.of("ACPI Error: nothing evaluated")).startsWith("unreadable:");
    }
}
