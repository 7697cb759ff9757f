package dev.vnvdimm.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnvdimm.abi.qemu.CommandLineTokenizer;
import dev.vnvdimm.harness.report.ReportAttachments;
import dev.vnvdimm.harness.targets.BootOutcome;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.util.List;

/** Starting machines from QEMU command lines, and what the hypervisor says about them. */
public final class MachineSteps {
    private final ScenarioWorld world;

    public MachineSteps(ScenarioWorld world) {
        this.world = world;
    }

    @When("the machine starts with:")
    public void theMachineStartsWith(String commandLine) {
        String expanded = world.expand(commandLine.strip());
        List<String> args = CommandLineTokenizer.split(expanded);
        start(expanded, args);
    }

    /** Starts the machine, showing in the step that starts it the command line given and the one the target ran. */
    private void start(String commandLine, List<String> args) {
        ReportAttachments.text("command line", commandLine);
        BootOutcome outcome = world.target().start(args, world.dir(), world.bootsForReal());
        world.started(commandLine, outcome);
        if (outcome instanceof BootOutcome.Started s && !s.machine().commandLineRun().isEmpty()) {
            ReportAttachments.text("command line " + world.target().name() + " ran", s.machine().commandLineRun());
        } else if (outcome instanceof BootOutcome.Refused r) {
            ReportAttachments.text("refusal", r.errorLine());
        }
    }

    @Given("a machine started with:")
    public void aMachineStartedWith(String commandLine) {
        theMachineStartsWith(commandLine);
        theMachineIsRunning();
    }

    /**
     * A command line with many like devices: each line that contains {@code {i}} is written once for every i
     * from {@code first} to {@code last}, the others once.
     */
    @Given("a machine started with, for each i from {int} to {int}:")
    public void aMachineStartedWithRepeated(int first, int last, String commandLine) {
        StringBuilder expanded = new StringBuilder();
        for (String line : commandLine.strip().split("\n")) {
            if (!line.contains("{i}")) {
                expanded.append(line).append('\n');
                continue;
            }
            for (int i = first; i <= last; i++) {
                expanded.append(line.replace("{i}", String.valueOf(i))).append('\n');
            }
        }
        aMachineStartedWith(expanded.toString());
    }

    @Then("the machine is running")
    public void theMachineIsRunning() {
        BootOutcome o = world.outcome();
        assertThat(o).as(() -> o instanceof BootOutcome.Refused r ? "refused: " + r.errorLine() : "started")
                .isInstanceOf(BootOutcome.Started.class);
    }

    @Then("the machine refuses to start with:")
    public void refusesWithDocString(String message) {
        refusesWith(message.strip());
    }

    /**
     * The refusal's text. Some of QEMU's texts begin with an option themselves ({@code -nvdimm: invalid option});
     * a target that splits such a line at its first colon as if it named the option is held to the whole line.
     */
    @Then("the machine refuses to start with {string}")
    public void refusesWith(String message) {
        BootOutcome o = world.outcome();
        assertThat(o).as("the hypervisor should refuse this configuration").isInstanceOf(BootOutcome.Refused.class);
        BootOutcome.Refused r = (BootOutcome.Refused) o;
        String expected = world.expand(message);
        if (!r.errorLine().equals(expected)) {
            assertThat(r.message()).as("refusal (the hypervisor's line: %s)", r.errorLine()).isEqualTo(expected);
        }
    }

    @Then("the error names the option {string}")
    public void theErrorNamesTheOption(String option) {
        BootOutcome.Refused r = refused();
        assertThat(r.errorLine()).isEqualTo(world.expand(option) + ": " + r.message());
    }

    @Then("the error names no option")
    public void theErrorNamesNoOption() {
        BootOutcome.Refused r = refused();
        assertThat(r.errorLine()).isEqualTo(r.message());
    }

    /** A warning's text, with or without the {@code warning: } QEMU prints before it (targets keep it or not). */
    @Then("the hypervisor warns {string}")
    public void theHypervisorWarns(String warning) {
        String expected = withoutWarningPrefix(world.expand(warning));
        assertThat(world.machine().warnings()).anySatisfy(w -> assertThat(withoutWarningPrefix(w))
                .isEqualTo(expected));
    }

    private static String withoutWarningPrefix(String w) {
        return w.startsWith("warning: ") ? w.substring("warning: ".length()) : w;
    }

    @When("the machine is powered off")
    public void poweredOff() {
        world.machine().close();
        world.guestGone();
    }

    /** Power off, then the same command line again on the same files. */
    @When("the machine is restarted")
    public void restarted() {
        String commandLine = world.commandLineText();
        poweredOff();
        start(commandLine, CommandLineTokenizer.split(commandLine));
        theMachineIsRunning();
    }

    private BootOutcome.Refused refused() {
        BootOutcome o = world.outcome();
        assertThat(o).isInstanceOf(BootOutcome.Refused.class);
        return (BootOutcome.Refused) o;
    }
}
