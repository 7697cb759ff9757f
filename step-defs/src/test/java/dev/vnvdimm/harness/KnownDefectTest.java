package dev.vnvdimm.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnvdimm.harness.ScenarioRunner.Outcome;
import dev.vnvdimm.harness.ScenarioRunner.Status;
import dev.vnvdimm.harness.targets.KnownDefect;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A scenario tagged with a known defect must fail exactly as declared on the target that has it. */
class KnownDefectTest {
    private static final Map<String, KnownDefect> QEMU = Map.of("accepts-label-size",
            KnownDefect.of("accepts-label-size", "a destination with another label-size is accepted",
                    "query-migrate said \\{\"status\":\"completed\""));
    private static final Set<String> TAGGED = Set.of("known-defect:accepts-label-size");

    private static Outcome declared(Status raw, Set<String> tags, String failure) {
        return ScenarioRunner.declared(new Outcome("s", raw, failure), tags, failure, QEMU);
    }

    @Test
    void theRecordedFailureIsAKnownDefect() {
        Outcome o = declared(Status.FAILED, TAGGED, "[query-migrate said {\"status\":\"completed\",\"x\":1}]");
        assertThat(o.status()).isEqualTo(Status.KNOWN_DEFECT);
        assertThat(o.reason()).isEqualTo("accepts-label-size: a destination with another label-size is accepted");
    }

    @Test
    void aFixedHypervisorPassesWithTheStaleDeclarationInItsReason() {
        Outcome o = declared(Status.PASSED, TAGGED, "");
        assertThat(o.status()).isEqualTo(Status.PASSED);
        assertThat(o.reason()).isEqualTo("known defect accepts-label-size no longer reproduces: the hypervisor now "
                + "behaves; remove it from the target's declaration");
    }

    @Test
    void anIntermittentDefectThatDidNotShowPassesSayingSoAndOneThatShowedIsAKnownDefect() {
        Map<String, KnownDefect> racy = Map.of("crashes-sometimes", KnownDefect.intermittent("crashes-sometimes",
                "the source sometimes dies", "exited with 139"));
        Set<String> tags = Set.of("known-defect:crashes-sometimes");
        Outcome passed = ScenarioRunner.declared(new Outcome("s", Status.PASSED, ""), tags, "", racy);
        assertThat(passed.status()).isEqualTo(Status.PASSED);
        assertThat(passed.reason()).isEqualTo("known defect crashes-sometimes is intermittent and did not show this run");
        Outcome showed = ScenarioRunner.declared(new Outcome("s", Status.FAILED, "x"), tags,
                "the source hypervisor exited with 139", racy);
        assertThat(showed.status()).isEqualTo(Status.KNOWN_DEFECT);
        Outcome other = ScenarioRunner.declared(new Outcome("s", Status.FAILED, "x"), tags, "timed out", racy);
        assertThat(other.status()).isEqualTo(Status.FAILED);
    }

    @Test
    void failingSomeOtherWayIsAFailure() {
        Outcome o = declared(Status.FAILED, TAGGED, "the QMP connection closed");
        assertThat(o.status()).isEqualTo(Status.FAILED);
        assertThat(o.reason()).startsWith("fails, but not as known defect accepts-label-size says");
    }

    @Test
    void targetsWithoutTheDefectAndUntaggedScenariosAreJudgedAsUsual() {
        assertThat(ScenarioRunner.declared(new Outcome("s", Status.FAILED, "x"), TAGGED, "x", Map.of()).status())
                .isEqualTo(Status.FAILED);
        assertThat(declared(Status.PASSED, Set.of("migration"), "").status()).isEqualTo(Status.PASSED);
    }
}
