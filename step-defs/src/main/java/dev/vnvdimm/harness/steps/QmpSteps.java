package dev.vnvdimm.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.vnvdimm.harness.wire.QmpClient;
import io.cucumber.java.en.Then;

/** How the last QMP command a scenario sent knowing it may be refused ended ({@link QmpAttempts}). */
public final class QmpSteps {
    private final ScenarioWorld world;
    private final QmpAttempts attempts;

    public QmpSteps(ScenarioWorld world, QmpAttempts attempts) {
        this.world = world;
        this.attempts = attempts;
    }

    @Then("QMP refuses it with {string}")
    public void qmpRefuses(String text) {
        qmpRefuses("GenericError", text);
    }

    /** The text may name the scenario's folder as {@code {dir}}. */
    @Then("QMP refuses it with class {word} and {string}")
    public void qmpRefuses(String errorClass, String text) {
        assertThat(attempts.attempted()).as("send a command that may be refused first").isTrue();
        assertThat(attempts.refusal()).as("the last QMP command was accepted; expected %s \"%s\"", errorClass, text)
                .isNotNull();
        assertThat(attempts.refusal().getMessage()).as("QMP error text").isEqualTo(world.expand(text));
        assertThat(attempts.refusal().errorClass()).as("QMP error class").isEqualTo(errorClass);
    }

    @Then("QMP accepts it")
    public void qmpAccepts() {
        assertThat(attempts.attempted()).as("send a command first").isTrue();
        QmpClient.QmpException refusal = attempts.refusal();
        if (refusal != null) {
            fail("QMP refused the command: %s: %s", refusal.errorClass(), refusal.getMessage());
        }
    }
}
