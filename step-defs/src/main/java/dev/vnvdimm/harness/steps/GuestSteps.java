package dev.vnvdimm.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vnvdimm.harness.model.CommandResult;
import dev.vnvdimm.harness.report.ReportAttachments;
import io.cucumber.datatable.DataTable;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Driving the guest as a user at its shell would: ndctl commands and their output. The same command lines run
 * on the reference guest and on Linux with ndctl, so these steps serve every target.
 */
public final class GuestSteps {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ScenarioWorld world;
    private CommandResult last;
    private final List<String> transcript = new ArrayList<>();
    private final Map<String, String> remembered = new HashMap<>();

    public GuestSteps(ScenarioWorld world) {
        this.world = world;
    }

    @Given("the guest has booted")
    public void theGuestHasBooted() {
        world.guest();
        ReportAttachments.text("guest kernel log", world.guest().kernelLog());
    }

    @When("the guest runs {string}")
    public CommandResult theGuestRuns(String commandLine) {
        String cmd = world.expand(commandLine);
        last = world.guest().run(cmd);
        transcript.add("$ " + cmd + "\n" + last.combined() + "[rc=" + last.exitCode() + "]");
        ReportAttachments.text("guest: " + cmd, last.combined() + "[rc=" + last.exitCode() + "]");
        return last;
    }

    @When("the guest runs {string} successfully")
    public void theGuestRunsSuccessfully(String commandLine) {
        theGuestRuns(commandLine);
        theCommandSucceeds();
    }

    /** What a command printed, kept across a power-off and a new machine of the same scenario. */
    @When("the guest's output of {string} is remembered")
    public void theOutputIsRemembered(String commandLine) {
        theGuestRunsSuccessfully(commandLine);
        remembered.put(world.expand(commandLine), last.stdout());
    }

    @Then("the guest's output of {string} is the one remembered")
    public void theOutputIsTheOneRemembered(String commandLine) {
        String cmd = world.expand(commandLine);
        assertThat(remembered).as("remember the output of '%s' first", cmd).containsKey(cmd);
        theGuestRunsSuccessfully(commandLine);
        assertThat(last.stdout()).as("'%s' now", cmd).isEqualTo(remembered.get(cmd));
    }

    @Then("the command succeeds")
    public void theCommandSucceeds() {
        assertThat(last.exitCode()).as("exit status of the last command; it printed:\n%s", last.combined()).isZero();
    }

    @Then("the command fails with status {int}")
    public void theCommandFailsWith(Integer status) {
        assertThat(last.exitCode()).as("exit status; it printed:\n%s", last.combined()).isEqualTo(status);
    }

    @Then("the command fails")
    public void theCommandFails() {
        assertThat(last.exitCode()).as("exit status; it printed:\n%s", last.combined()).isNotZero();
    }

    @Then("the command prints:")
    public void theCommandPrints(String expected) {
        assertThat(last.stdout().strip()).isEqualTo(world.expand(expected).strip());
    }

    @Then("the command reports:")
    public void theCommandReports(String expected) {
        assertThat(last.stderr().strip()).isEqualTo(world.expand(expected).strip());
    }

    @Then("the command prints nothing")
    public void theCommandPrintsNothing() {
        assertThat(last.stdout()).isEmpty();
    }

    /** Compares members of the JSON the last command printed, addressed by JSON Pointer ({@code /dimms/0/id}). */
    @Then("its JSON output has:")
    public void itsJsonOutputHas(DataTable table) throws IOException {
        JsonNode json = JSON.readTree(last.stdout());
        for (Map.Entry<String, String> e : table.asMap(String.class, String.class).entrySet()) {
            JsonNode n = json.at(e.getKey());
            assertThat(n.isMissingNode()).as("%s is missing in\n%s", e.getKey(), last.stdout()).isFalse();
            assertThat(n.isValueNode() ? n.asText() : n.toString()).as(e.getKey()).isEqualTo(e.getValue());
        }
    }

    @Then("its JSON output has no {string}")
    public void itsJsonOutputHasNo(String pointer) throws IOException {
        assertThat(JSON.readTree(last.stdout()).at(pointer).isMissingNode()).as(last.stdout()).isTrue();
    }

    /** The DIMMs {@code ndctl list -D} shows, by any of its JSON members. */
    @Then("the guest sees the NVDIMMs:")
    public void theGuestSeesTheNvdimms(DataTable expected) throws IOException {
        compareList("ndctl list -D", "dimms", expected);
    }

    /**
     * Regions by their {@code dev}, or by the DIMM they map ({@code dimm} column): Linux numbers regions in the
     * NFIT's SPA order, which QEMU takes from a hash table of device ids, so only the DIMM names a region portably.
     */
    @Then("the guest sees the regions:")
    public void theGuestSeesTheRegions(DataTable expected) throws IOException {
        compareList(expected.row(0).contains("dimm") ? "ndctl list -R -D" : "ndctl list -R", "regions", expected);
    }

    /** Active namespaces, by any of their {@code ndctl list -N} members. */
    @Then("the guest sees the namespaces:")
    public void theGuestSeesTheNamespaces(DataTable expected) throws IOException {
        compareList("ndctl list -N", "namespaces", expected);
    }

    @Then("the guest sees no namespaces")
    public void theGuestSeesNoNamespaces() {
        theGuestRuns("ndctl list -N");
        theCommandSucceeds();
        assertThat(last.stdout()).isEmpty();
    }

    /**
     * {@code -v} adds the NUMA members; it also lists the namespaces, so ndctl prints its object form
     * ({@code {"dimms":[...],"namespaces":[...]}}) for DIMMs and regions: the list is then the member {@code key}.
     */
    private void compareList(String command, String key, DataTable expected) throws IOException {
        theGuestRuns(command + " -v");
        theCommandSucceeds();
        JsonNode printed = JSON.readTree(last.stdout());
        JsonNode arr = printed == null || printed.isMissingNode() ? JSON.createArrayNode()
                : printed.isObject() ? printed.path(key) : printed;
        assertThat(arr.isArray()).as("%s -v printed no list of %s:\n%s", command, key, last.stdout()).isTrue();
        List<Map<String, String>> rows = expected.asMaps();
        assertThat(arr.size()).as("%s printed\n%s", command, last.stdout()).isEqualTo(rows.size());
        for (Map<String, String> row : rows) {
            String by = row.containsKey("dev") ? "dev" : "dimm";
            String name = row.get(by);
            JsonNode match = null;
            for (JsonNode item : arr) {
                if (by.equals("dev") ? item.path("dev").asText().equals(name) : mapsDimm(item, name)) {
                    match = item;
                }
            }
            assertThat(match).as("%s shows no %s:\n%s", command, by.equals("dev") ? name : "region of " + name,
                    last.stdout()).isNotNull();
            for (Map.Entry<String, String> e : row.entrySet()) {
                if (e.getKey().equals("dimm")) {
                    continue;
                }
                JsonNode v = match.path(e.getKey());
                assertThat(v.isMissingNode() ? "(absent)" : v.asText()).as("%s of %s (%s)", e.getKey(), name,
                        match.path("dev").asText()).isEqualTo(e.getValue());
            }
        }
    }

    private static boolean mapsDimm(JsonNode region, String dimm) {
        for (JsonNode m : region.path("mappings")) {
            if (m.path("dimm").asText().equals(dimm)) {
                return true;
            }
        }
        return false;
    }

    /** Polls {@code ndctl list -D}: a hot-added DIMM reaches the guest by an interrupt, after the hot-add returned. */
    @Then("within {int} seconds the guest lists {int} DIMMs")
    public void withinSecondsTheGuestLists(int seconds, int dimms) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        int seen;
        while (true) {
            theGuestRuns("ndctl list -D");
            theCommandSucceeds();
            JsonNode printed = last.stdout().isBlank() ? JSON.createArrayNode() : JSON.readTree(last.stdout());
            seen = (printed.isArray() ? printed : printed.path("dimms")).size();
            if (seen == dimms || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(seen).as("DIMMs ndctl lists after %d s:\n%s", seconds, last.stdout()).isEqualTo(dimms);
    }

    @Then("the guest's kernel log says {string}")
    public void theKernelLogSays(String text) {
        assertThat(world.guest().kernelLog()).contains(text);
    }
}
