package dev.vnvdimm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CheckCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();

    private int check(Path features, String... more) {
        CommandLine cl = VnvdimmCli.create();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        String previous = System.getProperty("allure.results.directory");
        try {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("check", "--features",
                    features.toString(), "--reports", dir.resolve("reports").toString()));
            args.addAll(java.util.List.of(more));
            return cl.execute(args.toArray(String[]::new));
        } finally {
            if (previous != null) {
                System.setProperty("allure.results.directory", previous);
            }
        }
    }

    @Test
    void aGreenRunExitsZeroAndCountsScenarios() throws Exception {
        Path f = Files.createDirectories(dir.resolve("green"));
        Files.writeString(f.resolve("slots.feature"), """
                Feature: slots
                  Scenario: one slot is taken
                    When the machine starts with:
                      \"\"\"
                      -machine pc,nvdimm=on -m 256M,slots=1,maxmem=1G
                      -object memory-backend-ram,id=r,size=64M -device nvdimm,id=nv,memdev=r
                      \"\"\"
                    Then memory device "nv" is in slot 0 at address 0x100000000

                  @seed-nothing-has-this
                  Scenario: needs a capability no target has
                    Then the machine is running
                """);
        assertThat(check(f)).isZero();
        assertThat(out.toString()).contains("2 scenarios: 1 passed, 0 failed, 0 known hypervisor defects, 1 not applicable on reference");
    }

    @Test
    void aFailingScenarioIsNamedAndTheRunExitsNonZero() throws Exception {
        Path f = Files.createDirectories(dir.resolve("red"));
        Files.writeString(f.resolve("wrong.feature"), """
                Feature: wrong
                  Scenario: expects the wrong slot
                    When the machine starts with:
                      \"\"\"
                      -machine pc,nvdimm=on -m 256M,slots=2,maxmem=1G
                      -object memory-backend-ram,id=r,size=64M -device nvdimm,id=nv,memdev=r
                      \"\"\"
                    Then memory device "nv" is in slot 1 at address 0x100000000
                """);
        assertThat(check(f)).isEqualTo(1);
        assertThat(out.toString()).contains("FAILED  ").contains("expects the wrong slot")
                .contains("1 scenarios: 0 passed, 1 failed, 0 known hypervisor defects, 0 not applicable on reference");
    }

    /** A run selected by tag counts only the scenarios it ran, and updates only their cells of the matrix. */
    @Test
    void aTaggedRunCountsOnlyItsScenariosAndKeepsTheOtherCells() throws Exception {
        Path f = Files.createDirectories(dir.resolve("tagged"));
        Files.writeString(f.resolve("two.feature"), """
                Feature: two
                  @first
                  Scenario: the first
                    When the machine starts with:
                      \"\"\"
                      -machine pc,nvdimm=on -m 256M,slots=1,maxmem=1G
                      -object memory-backend-ram,id=r,size=64M -device nvdimm,id=nv,memdev=r
                      \"\"\"
                    Then the machine is running

                  Scenario: the second
                    When the machine starts with:
                      \"\"\"
                      -machine pc,nvdimm=on -m 256M,slots=1,maxmem=1G
                      \"\"\"
                    Then the machine is running
                """);
        assertThat(check(f)).isZero();
        assertThat(check(f, "--tags", "@first")).isZero();
        assertThat(out.toString()).contains("1 scenarios: 1 passed, 0 failed, 0 known hypervisor defects, "
                + "0 not applicable on reference");
        String matrix = Files.readString(dir.resolve("reports/compliance.md"));
        assertThat(matrix).contains("| two - the first | pass |").contains("| two - the second | pass |");
    }
}
