package dev.vnvdimm.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnvdimm.harness.ScenarioRunner.Status;
import dev.vnvdimm.harness.targets.NotApplicable;
import dev.vnvdimm.harness.targets.NotRun;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.opentest4j.TestAbortedException;

/** Only a declared capability makes a scenario not applicable; every other abort is "not run". */
class VerdictTest {
    @Test
    void anAbortIsNotApplicableOnlyWhenACapabilityIsMissing() {
        assertThat(ScenarioRunner.status(TestExecutionResult.aborted(new NotApplicable("qemu",
                List.of("needs-raw-guest-dsm"))))).isEqualTo(Status.NOT_APPLICABLE);
        assertThat(ScenarioRunner.status(TestExecutionResult.aborted(new NotRun("iasl is not installed"))))
                .isEqualTo(Status.NOT_RUN);
        // an assumption anyone wrote (JUnit's Assumptions, or a bare abort) is not a capability either
        assertThat(ScenarioRunner.status(TestExecutionResult.aborted(new TestAbortedException("skipped: no QEMU"))))
                .isEqualTo(Status.NOT_RUN);
        assertThat(ScenarioRunner.status(TestExecutionResult.aborted(null))).isEqualTo(Status.NOT_RUN);
        assertThat(ScenarioRunner.status(TestExecutionResult.successful())).isEqualTo(Status.PASSED);
        assertThat(ScenarioRunner.status(TestExecutionResult.failed(new AssertionError("x")))).isEqualTo(Status.FAILED);
    }

    @Test
    void notRunFailsOnlyAStrictRunAndFailedAlways() {
        var notRun = new ScenarioRunner.Summary(List.of(new ScenarioRunner.Outcome("s", Status.NOT_RUN, "no iasl")));
        assertThat(notRun.green(false)).isTrue();
        assertThat(notRun.green(true)).isFalse();
        assertThat(notRun.notRunReasons()).containsExactly(Map.entry("no iasl", 1L));
        var failed = new ScenarioRunner.Summary(List.of(new ScenarioRunner.Outcome("s", Status.FAILED, "x")));
        assertThat(failed.green(false)).isFalse();
    }
}
