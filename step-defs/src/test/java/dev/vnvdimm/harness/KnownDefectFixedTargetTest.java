package dev.vnvdimm.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnvdimm.harness.ScenarioRunner.Outcome;
import dev.vnvdimm.harness.ScenarioRunner.Status;
import dev.vnvdimm.harness.fakes.ReferenceWithQemuDefects;
import dev.vnvdimm.harness.targets.Target;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The migration scenario that exposes QEMU's known defect qemu-migration-accepts-other-label-size, run on made-up
 * targets that declare the defect: one that fixed it in words of its own passes; ones that go wrong in a new way
 * fail, and are not taken for the known defect.
 */
class KnownDefectFixedTargetTest {
    /** The one scenario (an example of the mismatching-destination outline) tagged with the defect. */
    private static final String SCENARIO = "@known-defect:qemu-migration-accepts-other-label-size";

    private static Outcome run(Class<? extends Target> target) {
        HarnessSettings settings = HarnessSettings.fromSystemProperties()
                .withTarget(Targets.CLASS_PREFIX + target.getName());
        StringWriter progress = new StringWriter();
        List<Outcome> outcomes = ScenarioRunner.run(settings, settings.features().resolve("migration.feature"),
                Optional.of(SCENARIO), Optional.empty(), CucumberSettings.QUIET_PLUGINS, new PrintWriter(progress))
                .outcomes();
        assertThat(outcomes).as("scenarios tagged %s (progress: %s)", SCENARIO, progress).hasSize(1);
        return outcomes.get(0);
    }

    @Test
    void aTargetThatFixedTheDefectInItsOwnWordsPasses() {
        Outcome o = run(ReferenceWithQemuDefects.RefusesInItsOwnWords.class);
        assertThat(o.status()).as(o.reason()).isEqualTo(Status.PASSED);
        assertThat(o.reason()).contains("known defect qemu-migration-accepts-other-label-size no longer reproduces");
    }

    @Test
    void aTargetThatTakesTheMigrationWithItsLabelsIntactFails() {
        Outcome o = run(ReferenceWithQemuDefects.AcceptsIntact.class);
        assertThat(o.status()).as(o.reason()).isEqualTo(Status.FAILED);
        assertThat(o.reason()).startsWith("fails, but not as known defect qemu-migration-accepts-other-label-size says")
                .contains("query-migrate said {\"status\":\"completed\"");
    }

    @Test
    void aTargetThatKillsTheSourceFails() {
        Outcome o = run(ReferenceWithQemuDefects.KillsTheSource.class);
        assertThat(o.status()).as(o.reason()).isEqualTo(Status.FAILED);
        assertThat(o.reason()).startsWith("fails, but not as known defect qemu-migration-accepts-other-label-size says");
    }
}
