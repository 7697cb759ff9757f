package dev.vnvdimm.harness.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Set-up and tear-down read as words in the report, not Java signatures. */
class HookNamesTest {
    @Test
    void aJavaSignatureBecomesItsMethodInWords() {
        assertThat(HookNames.inWords("dev.vnvdimm.harness.steps.ScenarioHooks.attachAndCleanUp(io.cucumber.java.Scenario)"))
                .isEqualTo("attach and clean up");
        assertThat(HookNames.inWords("dev.vnvdimm.harness.steps.MigrationSteps.endInstances()"))
                .isEqualTo("end instances");
        assertThat(HookNames.inWords("already words")).isEqualTo("already words");
    }
}
