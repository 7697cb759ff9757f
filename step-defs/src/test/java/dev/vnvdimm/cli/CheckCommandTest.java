package dev.vnvdimm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnvdimm.acpica.ExternalTool;
import dev.vnvdimm.harness.Strictness;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
        Map<String, String> harnessProperties = harnessProperties();
        try {
            List<String> args = new ArrayList<>(List.of("check", "--features",
                    features.toString(), "--reports", dir.resolve("reports").toString()));
            args.addAll(List.of(more));
            int status = cl.execute(args.toArray(String[]::new));
            // the options reach the harness as one HarnessSettings, never as system properties
            assertThat(harnessProperties()).as("vnvdimm.* system properties after a check").isEqualTo(harnessProperties);
            return status;
        } finally {
            if (previous != null) {
                System.setProperty("allure.results.directory", previous);
            }
        }
    }

    private static Map<String, String> harnessProperties() {
        Map<String, String> m = new TreeMap<>();
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("vnvdimm."))
                .forEach(k -> m.put(k, System.getProperty(k)));
        return m;
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

                  @needs-backend-file-offset
                  Scenario: needs a capability the reference lacks
                    Then the machine is running
                """);
        assertThat(check(f)).isZero();
        assertThat(out.toString()).containsPattern(row("pass", 1)).containsPattern(row("FAIL", 0))
                .containsPattern(row("not applicable", 1)).containsPattern(row("not run", 0))
                .doesNotContain("| scenario |").doesNotContain("\u001b[")
                .contains("matrix: " + dir.resolve("reports/compliance.html"));
        assertThat(out.toString().lines()).as("a green reference run fits on one screen").hasSizeLessThanOrEqualTo(25);
    }

    /**
     * A target this machine cannot run (a container image never built) is not left out: each of its scenarios is
     * not run, with the reason, in the terminal, in its own column of the matrix and as a skipped result of its own
     * in the report, the same outcome everywhere.
     */
    @Test
    void aTargetThatCannotRunHereShowsEveryScenarioNotRunEverywhere() throws Exception {
        Path f = Files.createDirectories(dir.resolve("absent"));
        Files.writeString(f.resolve("one.feature"), """
                Feature: one
                  Scenario: the machine runs
                    When the machine starts with:
                      \"\"\"
                      -machine pc,nvdimm=on -m 256M,slots=1,maxmem=1G
                      \"\"\"
                    Then the machine is running

                  @needs-backend-file-offset
                  Scenario: needs a capability
                    Then the machine is running
                """);
        String absent = "qemu-container:0.1"; // a QEMU release no image is ever built for
        assertThat(check(f, "--target", "reference," + absent, "--strict")).isEqualTo(1);
        assertThat(out.toString()).contains("NOT RUN 2 scenarios on " + absent + ": not run: target " + absent
                + " cannot run here: ").contains("2 not run, which fails a strict run");
        assertThat(Files.readString(dir.resolve("reports/compliance.md")))
                .containsPattern("\\| one - the machine runs \\| pass \\| not run \\|")
                .containsPattern("\\| one - needs a capability \\| n/a \\| not run \\|");
        List<String> absentResults = new ArrayList<>();
        try (var files = Files.list(dir.resolve("reports/allure-results"))) {
            for (Path r : files.filter(p -> p.toString().endsWith("-result.json")).toList()) {
                String json = Files.readString(r);
                if (json.contains("\"" + absent + "\"")) {
                    absentResults.add(json);
                }
            }
        }
        assertThat(absentResults).hasSize(2).allSatisfy(json -> assertThat(json).contains("\"status\":\"skipped\"")
                .contains("not run: target " + absent + " cannot run here"));
    }

    /** A summary row of one target's column: the verdict and its count. */
    private static String row(String verdict, int n) {
        return "(?m)^  " + verdict + " +" + n + "$";
    }

    /** --features FILE:LINE runs just the scenario at that line; --matrix prints the whole matrix. */
    @Test
    void aFeatureFileWithALineRunsOneScenarioAndMatrixPrintsTheTable() throws Exception {
        Path f = Files.createDirectories(dir.resolve("lines"));
        Path file = f.resolve("two.feature");
        Files.writeString(file, """
                Feature: two
                  Scenario: the first
                    Then the machine is running

                  Scenario Outline: slots=<slots>
                    When the machine starts with:
                      \"\"\"
                      -machine pc,nvdimm=on -m 256M,slots=<slots>,maxmem=1G
                      \"\"\"
                    Then the machine is running

                    Examples:
                      | slots |
                      | 1     |
                      | 2     |
                """);
        CommandLine cl = VnvdimmCli.create();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        assertThat(cl.execute("check", "--features", file + ":15", "--reports", dir.resolve("reports").toString(),
                "--matrix")).isZero();
        assertThat(out.toString()).containsPattern(row("pass", 1)).contains("| two - slots=2 | pass |")
                .doesNotContain("slots=1 |");
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
        String printed = out.toString();
        assertThat(printed).contains("FAIL reference  wrong - expects the wrong slot")
                .contains("rerun: ./vnvdimm check --target reference --features ")
                .contains("wrong.feature:2").containsPattern(row("FAIL", 1)).containsPattern(row("pass", 0));
        assertThat(printed.indexOf("FAIL reference")).as("failures come after the marks, before the summary")
                .isLessThan(printed.indexOf("Summary"));
    }

    /** FILE:LINE, as a report's rerun command says, runs the one scenario at that line; the report names the run. */
    @Test
    void aFileAndLineRunsTheOneScenarioThereAndTheResultsSayWhatRan() throws Exception {
        Path f = Files.createDirectories(dir.resolve("at-line"));
        Files.writeString(f.resolve("two.feature"), """
                Feature: two
                  Scenario: the first
                    When the machine starts with:
                      \"\"\"
                      -machine pc,nvdimm=on -m 256M,slots=1,maxmem=1G
                      \"\"\"
                    Then the machine is running

                  Scenario: the second
                    When the machine starts with:
                      \"\"\"
                      -machine pc,nvdimm=on -m 256M,slots=1,maxmem=1G
                      \"\"\"
                    Then the machine is running
                """);
        assertThat(check(Path.of(f.resolve("two.feature") + ":9"))).isZero();
        assertThat(out.toString()).containsPattern("pass +1\\n +FAIL +0\\n");
        Path results = dir.resolve("reports/allure-results");
        assertThat(Files.readString(results.resolve("executor.json"))).contains("\"name\" : \"vnvdimm check\"")
                .contains("two.feature:9");
        assertThat(Files.readString(results.resolve("environment.properties"))).contains("reference.emulator=")
                .contains("kit.version=").contains("tool.iasl=");
        try (var s = Files.list(results)) {
            List<String> scenarios = s.filter(p -> p.toString().endsWith("-result.json")).map(p -> {
                try {
                    return Files.readString(p);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
            assertThat(scenarios).hasSize(1);
            assertThat(scenarios.get(0)).contains("the second").contains("\"parentSuite\",\"value\":\"reference\"");
        }
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
        String second = out.toString().substring(out.toString().lastIndexOf("Summary"));
        assertThat(second).containsPattern(row("pass", 1));
        String matrix = Files.readString(dir.resolve("reports/compliance.md"));
        assertThat(matrix).contains("| two - the first | pass |").contains("| two - the second | pass |");
    }

    private static final String IASL_SCENARIO = """
            Feature: tables
              Scenario: the NFIT disassembles cleanly
                When the machine starts with:
                  \"\"\"
                  -machine pc,nvdimm=on -m 256M,slots=1,maxmem=1G
                  -object memory-backend-ram,id=r,size=64M -device nvdimm,id=nv,memdev=r
                  \"\"\"
                Then every ACPI table disassembles with iasl without errors
            """;

    /**
     * Without iasl a scenario that needs it is not run: counted apart, named with what installs it, never a pass
     * and never not applicable; a strict run (--strict, or CI=true) fails on it.
     */
    @Test
    void aMissingToolIsNotRunNamedAndFailsAStrictRun() throws Exception {
        Path f = Files.createDirectories(dir.resolve("tools"));
        Files.writeString(f.resolve("tables.feature"), IASL_SCENARIO);
        Path emptyPath = Files.createDirectories(dir.resolve("no-tools"));
        String before = System.getProperty(ExternalTool.PATH_PROPERTY);
        System.setProperty(ExternalTool.PATH_PROPERTY, emptyPath.toString());
        try {
            int lenient = check(f);
            assertThat(out.toString())
                    .containsPattern(row("not run", 1)).containsPattern(row("pass", 0))
                    .contains("NOT RUN 1 scenario on reference: not run: iasl is not installed (install it: apt-get "
                            + "install acpica-tools)")
                    .contains("missing here: iasl (apt-get install acpica-tools)");
            assertThat(Files.readString(dir.resolve("reports/compliance.md")))
                    .contains("| tables - the NFIT disassembles cleanly | not run |");
            assertThat(lenient).as("exit status (CI=true makes every run strict)")
                    .isEqualTo(Strictness.underCi() ? 1 : 0);
            assertThat(check(f, "--strict")).isEqualTo(1);
            assertThat(out.toString()).contains("1 not run, which fails a strict run");
        } finally {
            restore(ExternalTool.PATH_PROPERTY, before);
        }
    }

    /** A tag with a meaning to the harness that is declared nowhere fails the run before any scenario starts. */
    @Test
    void anUndeclaredCapabilityOrDefectTagFailsTheRunBeforeAnyScenario() throws Exception {
        Path f = Files.createDirectories(dir.resolve("misspelt"));
        Path marker = dir.resolve("ran.img");
        Files.writeString(f.resolve("misspelt.feature"), """
                Feature: misspelt
                  Scenario: would create a file if it ran
                    When the machine starts with:
                      \"\"\"
                      -machine pc,nvdimm=on -m 256M,slots=1,maxmem=1G
                      -object memory-backend-file,id=m,share=on,mem-path=%s,size=64M -device nvdimm,id=nv,memdev=m
                      \"\"\"
                    Then the machine is running

                  @needs-migration-file-url @known-defect:qemu-no-such-defect
                  Scenario: misspelt tags
                    Then the machine is running
                """.formatted(marker));
        StringWriter err = new StringWriter();
        CommandLine cl = VnvdimmCli.create();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int status = cl.execute("check", "--features", f.toString(), "--reports", dir.resolve("reports").toString());
        assertThat(status).isNotZero();
        assertThat(err.toString()).contains("undeclared tags @known-defect:qemu-no-such-defect, "
                + "@needs-migration-file-url on scenario 'misspelt - misspelt tags'");
        assertThat(marker).as("no scenario ran").doesNotExist();
    }

    @Test
    void colourOnlyOnATerminalThatWantsIt() {
        assertThat(Terminal.colour(true, Map.of("TERM", "xterm-256color"))).isTrue();
        assertThat(Terminal.colour(false, Map.of("TERM", "xterm-256color"))).as("not a terminal").isFalse();
        assertThat(Terminal.colour(true, Map.of("TERM", "dumb"))).isFalse();
        assertThat(Terminal.colour(true, Map.of("TERM", "xterm", "NO_COLOR", "1"))).isFalse();
    }

    @Test
    void listToolsNamesEachProgramWithTheCommandThatInstallsIt() {
        CommandLine cl = VnvdimmCli.create();
        cl.setOut(new PrintWriter(out, true));
        assertThat(cl.execute("check", "--list-tools")).isZero();
        assertThat(out.toString()).contains("iasl").contains("apt-get install acpica-tools")
                .contains("qemu-system-x86_64").contains("apt-get install qemu-system-x86").contains("docker");
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
