package dev.vnvdimm.harness.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.qameta.allure.model.Label;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.StatusDetails;
import io.qameta.allure.model.TestResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A scenario's Allure result belongs to its target: identity, suites, and how to rerun a failure there. */
class TargetResultsTest {
    private static TestResult scenario(String target) {
        List<Label> labels = new ArrayList<>(List.of(new Label().setName("feature").setValue("slots"),
                new Label().setName("suite").setValue("slots"),
                new Label().setName("gherkin_uri").setValue("file:///tmp/scratch/slots.feature"),
                new Label().setName("target").setValue(target)));
        return new TestResult().setHistoryId("h").setTestCaseId("t").setFullName("features/slots.feature:7")
                .setName("one slot").setLabels(labels).setParameters(new ArrayList<>());
    }

    private static String label(TestResult r, String name) {
        return TargetResults.label(r, name).orElseThrow();
    }

    @Test
    void theSameScenarioOnTwoTargetsIsTwoResultsInTwoSuites() {
        TestResult reference = scenario("reference");
        TestResult qemu = scenario("qemu");
        TargetResults.identify(reference, "reference");
        TargetResults.identify(qemu, "qemu");
        assertThat(reference.getHistoryId()).isNotEqualTo(qemu.getHistoryId()).isNotEqualTo("h");
        assertThat(reference.getTestCaseId()).isNotEqualTo(qemu.getTestCaseId());
        assertThat(label(qemu, "parentSuite")).isEqualTo("qemu");
        assertThat(label(qemu, "suite")).isEqualTo("slots");
        assertThat(qemu.getLabels().stream().filter(l -> l.getName().equals("suite"))).hasSize(1);
        assertThat(qemu.getParameters().get(0).getName()).isEqualTo("target");
        assertThat(qemu.getParameters().get(0).getValue()).isEqualTo("qemu");
        // the same target twice: the same identity, so Allure's history follows it from run to run
        TestResult again = scenario("qemu");
        TargetResults.identify(again, "qemu");
        assertThat(again.getHistoryId()).isEqualTo(qemu.getHistoryId());
    }

    @Test
    void aFailureSaysWhereItIsAndHowToRerunIt() {
        TestResult r = scenario("qemu").setStatus(Status.FAILED)
                .setStatusDetails(new StatusDetails().setMessage("expected 1 but was 0"));
        TargetResults.explainFailure(r, "qemu");
        assertThat(r.getDescription()).startsWith("Failed on target qemu at /tmp/scratch/slots.feature:7.")
                .contains("./vnvdimm check --target qemu --features /tmp/scratch/slots.feature:7");
        TestResult passed = scenario("qemu").setStatus(Status.PASSED);
        TargetResults.explainFailure(passed, "qemu");
        assertThat(passed.getDescription()).isNull();
    }
}
