package dev.vnvdimm.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vnvdimm.harness.report.ReportAttachments;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.IOException;
import java.time.Duration;

/**
 * A destination's side of a migration as QMP shows it: {@code migrate-incoming} with any of its arguments (a URI,
 * a channel list, {@code exit-on-error}), and what {@code query-migrate} says of a stream it could not load.
 */
public final class IncomingMigrationSteps {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A refused stream is refused as soon as its first bytes arrive; this is patience for a loaded machine. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final ScenarioWorld world;
    private final RunningInstances instances;
    private final QmpAttempts attempts;

    public IncomingMigrationSteps(ScenarioWorld world, RunningInstances instances, QmpAttempts attempts) {
        this.world = world;
        this.instances = instances;
        this.attempts = attempts;
    }

    /**
     * {@code migrate-incoming} with the arguments as QMP JSON, where {@code {dir}} and {@code {port}} are expanded
     * as in command lines; whether QMP refused it is checked by the next steps ("QMP refuses it with ...").
     */
    @When("the {word} is asked to listen for the migration with:")
    public void askedToListen(String name, String arguments) throws IOException {
        JsonNode args = JSON.readTree(instances.expandPorts(world.expand(arguments)));
        assertThat(args.isObject()).as("migrate-incoming's arguments are a JSON object").isTrue();
        attempts.attempt(name, "migrate-incoming", (ObjectNode) args);
    }

    /** The destination is still there, and {@code query-migrate} reports the incoming migration failed, saying why. */
    @Then("the {word} reports that its incoming migration failed")
    public void reportsItsIncomingMigrationFailed(String name) throws IOException, InterruptedException {
        JsonNode m = failedIncoming(name);
        assertThat(m.path("error-desc").asText()).as("why, in query-migrate's error-desc").isNotBlank();
    }

    /** As above, in the target's own words (the kit's words are checked on the reference only). */
    @Then("the {word} reports that its incoming migration failed with {string}")
    public void reportsItsIncomingMigrationFailedWith(String name, String why) throws IOException,
            InterruptedException {
        assertThat(failedIncoming(name).path("error-desc").asText()).isEqualTo(world.expand(why));
    }

    private JsonNode failedIncoming(String name) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        JsonNode m;
        do {
            assertThat(instances.get(name).exitStatus()).as("the %s's exit status: it should have stayed", name)
                    .isEmpty();
            m = instances.get(name).qmp().execute("query-migrate");
            if (m.path("status").asText().equals("failed")) {
                break;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        ReportAttachments.text("query-migrate on the " + name, m.toPrettyString());
        assertThat(m.path("status").asText()).as("query-migrate's status on the %s", name).isEqualTo("failed");
        return m;
    }
}
