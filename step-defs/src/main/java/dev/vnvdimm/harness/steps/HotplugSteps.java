package dev.vnvdimm.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vnvdimm.abi.qemu.CommandLineTokenizer;
import dev.vnvdimm.harness.model.CommandResult;
import dev.vnvdimm.harness.model.MemoryDevice;
import dev.vnvdimm.harness.report.ReportAttachments;
import dev.vnvdimm.harness.wire.QmpClient;
import dev.vnvdimm.harness.wire.QmpHotplug;
import io.cucumber.datatable.DataTable;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Hot plug as a management tool does it: QMP {@code object-add} and {@code device_add} (or HMP's
 * {@code object_add}/{@code device_add}) on a running machine, {@code device_del} and {@code object-del}, and what
 * the machine's monitor and its guest then report. A hot-added NVDIMM reaches the guest only through ACPI (GPE,
 * {@code \_GPE._E04}, {@code Notify(\_SB.NVDR, 0x80)}, {@code _FIT}), so the guest steps wait for it as a user
 * would, with {@code ndctl list}.
 */
public final class HotplugSteps {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final ScenarioWorld world;
    private final RunningInstances instances;
    private final QmpAttempts attempts;
    private String humanMonitorReply;

    public HotplugSteps(ScenarioWorld world, RunningInstances instances, QmpAttempts attempts) {
        this.world = world;
        this.instances = instances;
        this.attempts = attempts;
    }

    /** Every option must be accepted: a refusal fails the step with QMP's class and text. */
    @When("the host hot-adds to the {word} machine:")
    public void hotAdds(String name, String options) throws IOException {
        for (QmpHotplug.Command c : commands(options)) {
            attempts.send(name, c.execute(), c.arguments());
        }
    }

    /** Sends the commands in order until one is refused; the refusal is checked by the next steps. */
    @When("the host tries to hot-add to the {word} machine:")
    public void triesToHotAdd(String name, String options) {
        attempts.begin();
        for (QmpHotplug.Command c : commands(options)) {
            if (!attempts.attempt(name, c.execute(), c.arguments())) {
                return;
            }
        }
    }

    @When("the host asks the {word} machine to hot-unplug {string}")
    public void asksToUnplug(String name, String id) {
        attempts.attempt(name, "device_del", QmpClient.args().put("id", id));
    }

    @When("the host asks the {word} machine to delete the object {string}")
    public void asksToDeleteObject(String name, String id) {
        attempts.attempt(name, "object-del", QmpClient.args().put("id", id));
    }

    /** An HMP command line through QMP's {@code human-monitor-command}, as {@code virsh --hmp} sends it. */
    @When("the host types {string} into the {word} machine's human monitor")
    public void typesIntoHumanMonitor(String line, String name) throws IOException {
        String expanded = world.expand(line);
        humanMonitorReply = instances.get(name).qmp().hmp(expanded);
        ReportAttachments.text("HMP " + expanded, humanMonitorReply);
    }

    /** HMP prints errors as text ({@code Error: …}); a command that worked prints nothing. */
    @Then("the human monitor answers {string}")
    public void humanMonitorAnswers(String text) {
        assertThat(humanMonitorReply).as("the human monitor's answer").isNotNull();
        assertThat(humanMonitorReply.strip()).isEqualTo(text);
    }

    @Then("the human monitor answers nothing")
    public void humanMonitorAnswersNothing() {
        humanMonitorAnswers("");
    }

    @Then("the {word} machine's memory devices are:")
    public void memoryDevicesAre(String name, DataTable table) throws IOException {
        List<MemoryDevice> devices = new ArrayList<>();
        JsonNode reply = instances.get(name).qmp().execute("query-memory-devices");
        ReportAttachments.text("query-memory-devices on the " + name, reply.toPrettyString());
        reply.forEach(d -> devices.add(MemoryDevice.fromQmp(d)));
        MemoryDeviceSteps.assertDevices(devices, table);
    }

    /**
     * Polls {@code ndctl list -D} until it lists exactly these DIMMs: the guest learns of a hot-added one by an
     * interrupt and a re-read of {@code _FIT}, after {@code device_add} has returned.
     */
    @Then("within {int} seconds the {word} guest lists the DIMMs {string}")
    public void guestListsDimms(int seconds, String name, String dimms) {
        Set<String> want = new TreeSet<>(List.of(dimms.split(",\\s*")));
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        Set<String> seen;
        String printed;
        while (true) {
            CommandResult r = run(name, "ndctl list -D");
            printed = r.combined();
            seen = r.exitCode() == 0 ? devs(r.stdout()) : Set.of();
            if (seen.equals(want) || System.nanoTime() > deadline) {
                break;
            }
            sleep(200);
        }
        ReportAttachments.text("ndctl list -D on the " + name + " guest", printed);
        assertThat(seen).as("the DIMMs ndctl lists on the %s guest after %d s:\n%s", name, seconds, printed)
                .isEqualTo(want);
    }

    /**
     * ndctl describes a hot-added DIMM with the same members as a boot-time one, and the same values but for
     * those that name it ({@code dev}, {@code id}, {@code handle}, {@code phys_id}).
     */
    @Then("the {word} guest's ndctl describes {word} as it describes {word}, but for its name and handle")
    public void describesAlike(String name, String dimm, String other) throws IOException {
        JsonNode a = dimm(name, dimm);
        JsonNode b = dimm(name, other);
        assertThat(fieldNames(a)).as("the members ndctl shows for %s and %s", dimm, other)
                .isEqualTo(fieldNames(b));
        for (String field : fieldNames(a)) {
            if (!Set.of("dev", "id", "handle", "phys_id").contains(field)) {
                assertThat(a.get(field)).as("%s of %s and of %s", field, dimm, other).isEqualTo(b.get(field));
            }
        }
    }

    /**
     * The names of the namespaces {@code ndctl list -N} shows — the labels the guest read back. A label-less
     * region's one namespace has no name and is left out.
     */
    @Then("the {word} guest lists the namespaces named {string}")
    public void guestListsNamespaces(String name, String names) throws IOException {
        CommandResult r = run(name, "ndctl list -N");
        assertThat(r.exitCode()).as("ndctl list -N printed:\n%s", r.combined()).isZero();
        Set<String> seen = new TreeSet<>();
        if (!r.stdout().isBlank()) {
            JsonNode n = JSON.readTree(r.stdout());
            (n.isArray() ? n : n.path("namespaces")).forEach(ns -> {
                if (ns.hasNonNull("name")) {
                    seen.add(ns.path("name").asText());
                }
            });
        }
        assertThat(seen).as("the namespaces the %s guest lists:\n%s", name, r.stdout())
                .isEqualTo(new TreeSet<>(List.of(names.split(",\\s*"))));
    }

    /**
     * Guest commands about one DIMM's region, named {@code {region}} in them: Linux numbers a hot-added DIMM's
     * region by whatever ids are free, and QEMU's FIT order follows a hash table, so only the DIMM names it.
     */
    @Given("the {word} guest has run on the region of {word}:")
    public void guestHasRunOnTheRegionOf(String name, String dimm, DataTable commands) throws IOException {
        String region = regionOf(name, dimm);
        for (String line : commands.asList()) {
            String command = line.replace("{region}", region);
            CommandResult r = run(name, command);
            assertThat(r.exitCode()).as("'%s' on the %s guest printed:\n%s", command, name, r.combined()).isZero();
        }
    }

    private String regionOf(String name, String dimm) throws IOException {
        CommandResult r = run(name, "ndctl list -R -D");
        assertThat(r.exitCode()).as("ndctl list -R -D printed:\n%s", r.combined()).isZero();
        JsonNode printed = JSON.readTree(r.stdout());
        for (JsonNode region : printed.isArray() ? printed : printed.path("regions")) {
            for (JsonNode mapping : region.path("mappings")) {
                if (mapping.path("dimm").asText().equals(dimm)) {
                    return region.path("dev").asText();
                }
            }
        }
        throw new AssertionError("no region of " + dimm + " in ndctl list -R -D:\n" + r.stdout());
    }

    /** QMP {@code quit}: the machine ends; data in its {@code share=on} files stays. */
    @When("the {word} machine quits")
    public void machineQuits(String name) throws IOException {
        try {
            instances.get(name).qmp().execute("quit");
        } catch (IOException e) {
            // QEMU may close the socket before its reply arrives; the machine is ending either way
        }
        instances.get(name).close();
    }

    private JsonNode dimm(String name, String dimm) throws IOException {
        CommandResult r = run(name, "ndctl list -D -d " + dimm);
        assertThat(r.exitCode()).as("ndctl list -D -d %s printed:\n%s", dimm, r.combined()).isZero();
        JsonNode list = JSON.readTree(r.stdout());
        JsonNode item = list.isArray() ? list.path(0) : list;
        assertThat(item.path("dev").asText()).as("ndctl list -D -d %s printed:\n%s", dimm, r.stdout())
                .isEqualTo(dimm);
        return item;
    }

    private static Set<String> fieldNames(JsonNode n) {
        Set<String> out = new TreeSet<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    private static Set<String> devs(String json) {
        Set<String> out = new TreeSet<>();
        if (json.isBlank()) {
            return out;
        }
        try {
            JsonNode n = JSON.readTree(json);
            (n.isArray() ? n : n.path("dimms")).forEach(d -> out.add(d.path("dev").asText()));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<QmpHotplug.Command> commands(String options) {
        return QmpHotplug.of(CommandLineTokenizer.split(world.expand(options.strip())));
    }

    private CommandResult run(String name, String commandLine) {
        return instances.run(name, commandLine, COMMAND_TIMEOUT);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the guest");
        }
    }
}
