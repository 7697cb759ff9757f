package dev.vnvdimm.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnvdimm.harness.ScenarioRunner.Outcome;
import dev.vnvdimm.harness.targets.NotRun;
import dev.vnvdimm.harness.targets.qemu.QemuTarget;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Boot once, restore many must not change a verdict: a sample of features runs on the local QEMU twice, every
 * machine booted for real, then with machines restored from saved booted states, and every scenario must end the
 * same way both times. Not run (a failure under CI) where QEMU or the guest image is missing.
 */
class RestoredMachinesTest {
    /** Features whose scenarios start the same command lines on fresh files again and again. */
    /** This Maven run's settings (-Dvnvdimm.*), on the qemu target, restoring on or off. */
    private static final HarnessSettings SETTINGS = HarnessSettings.fromSystemProperties();
    static final List<String> SAMPLE = List.of("label-data.feature");

    @Test
    void restoredMachinesGiveTheVerdictsOfMachinesBootedForReal() {
        Optional<String> why = Targets.unavailable(SETTINGS.withTarget(QemuTarget.NAME));
        if (why.isPresent()) {
            String reason = "booted and restored machines were not compared: " + why.get();
            if (Strictness.strict(SETTINGS)) {
                Assertions.fail("not run, which fails a strict run (" + Strictness.why() + "): " + reason);
            }
            throw new NotRun(reason);
        }
        Run booted = run(false);
        Run restored = run(true);
        assertThat(booted.restoredMachines()).as("machines restored with restoring off").isZero();
        assertThat(restored.restoredMachines()).as("machines restored with restoring on: else nothing was compared")
                .isPositive();
        assertThat(restored.outcomes().keySet()).as("scenarios run both ways")
                .containsExactlyInAnyOrderElementsOf(booted.outcomes().keySet());
        StringBuilder differences = new StringBuilder();
        booted.outcomes().forEach((name, b) -> {
            Outcome r = restored.outcomes().get(name);
            if (r.status() != b.status()) {
                differences.append("\n").append(name).append(": booted ").append(b.status()).append(" (")
                        .append(b.reason()).append("), restored ").append(r.status()).append(" (")
                        .append(r.reason()).append(")");
            }
        });
        assertThat(differences.toString()).as("verdicts that differ between booted and restored machines").isEmpty();
        System.out.println("booted vs restored: " + booted.outcomes().size() + " scenarios, 0 differences; "
                + "booted for real in " + Math.round(booted.seconds()) + " s, with restored machines in "
                + Math.round(restored.seconds()) + " s (" + restored.machineStarts() + ")");
    }

    private record Run(Map<String, Outcome> outcomes, int restoredMachines, String machineStarts, double seconds) {
    }

    private static Run run(boolean restore) {
        HarnessSettings settings = SETTINGS.withTarget(QemuTarget.NAME).withRestoreSavedMachines(restore);
        QemuTarget qemu = (QemuTarget) Targets.selected(settings);
        Path dir = settings.features();
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        long started = System.nanoTime();
        for (String feature : SAMPLE) {
            for (Outcome o : ScenarioRunner.run(settings, dir.resolve(feature), Optional.empty(), 2,
                    new PrintWriter(new StringWriter())).outcomes()) {
                assertThat(outcomes.put(feature + ": " + o.name(), o)).as("scenario named twice: %s", o.name())
                        .isNull();
            }
        }
        assertThat(outcomes).as("scenarios of %s", SAMPLE).isNotEmpty();
        return new Run(outcomes, qemu.restoredMachines(), qemu.machineStarts(),
                (System.nanoTime() - started) / 1e9);
    }
}
