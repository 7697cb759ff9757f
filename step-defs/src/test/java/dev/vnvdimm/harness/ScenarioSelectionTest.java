package dev.vnvdimm.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnvdimm.harness.ScenarioRunner.Outcome;
import dev.vnvdimm.harness.ScenarioRunner.Status;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A run narrowed by a scenario name runs exactly the scenarios so named, on the reference target. */
class ScenarioSelectionTest {
    private static final HarnessSettings SETTINGS = HarnessSettings.fromSystemProperties();
    private static final Path LABEL_DATA = SETTINGS.features().resolve("label-data.feature");

    private static List<Outcome> byName(String regex) {
        StringWriter progress = new StringWriter();
        return ScenarioRunner.run(SETTINGS, LABEL_DATA, Optional.empty(), Optional.of(regex), CucumberSettings.QUIET_PLUGINS,
                new PrintWriter(progress)).outcomes();
    }

    @Test
    void aNameSelectsThatScenarioAlone() {
        List<Outcome> outcomes = byName("^a raw namespace is created, listed, and survives a reboot$");
        assertThat(outcomes).hasSize(1);
        assertThat(outcomes.get(0).name()).contains("a raw namespace is created, listed, and survives a reboot");
        assertThat(outcomes.get(0).status()).as(outcomes.get(0).reason()).isEqualTo(Status.PASSED);
    }

    @Test
    void severalFeatureFilesRunAsOneRunWithTwoWorkers() {
        Path dsmErrors = LABEL_DATA.resolveSibling("dsm-errors.feature");
        // quiet: the runner's own test puts no second result of these scenarios into mvn verify's report
        List<Outcome> outcomes = ScenarioRunner.run(SETTINGS, List.of(LABEL_DATA, dsmErrors), Optional.empty(),
                Optional.empty(), CucumberSettings.QUIET_PLUGINS, 2, new PrintWriter(new StringWriter())).outcomes();
        List<Outcome> alone = ScenarioRunner.run(SETTINGS, List.of(dsmErrors), Optional.empty(), Optional.empty(),
                CucumberSettings.QUIET_PLUGINS, 1, new PrintWriter(new StringWriter())).outcomes();
        assertThat(alone).isNotEmpty();
        assertThat(outcomes).as("every scenario of both files, each once")
                .hasSize(alone.size() + byName(".*").size())
                .extracting(Outcome::name).doesNotHaveDuplicates()
                .anyMatch(n -> n.startsWith("label data — "))
                .containsAll(alone.stream().map(Outcome::name).toList());
        assertThat(outcomes).allMatch(o -> o.status() == Status.PASSED || o.status() == Status.NOT_APPLICABLE,
                "passed or not applicable on the reference");
    }

    @Test
    void aNameNoScenarioHasSelectsNothingAndRunsNothing() {
        assertThat(byName("^no scenario is called this$")).isEmpty();
    }
}
