package dev.vnvdimm.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vnvdimm.abi.qemu.CommandLineTokenizer;
import dev.vnvdimm.harness.Targets;
import dev.vnvdimm.harness.model.CommandResult;
import dev.vnvdimm.harness.targets.BootOutcome;
import dev.vnvdimm.harness.targets.GuestSession;
import dev.vnvdimm.harness.targets.MachineUnderTest;
import dev.vnvdimm.harness.targets.Target;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One backing file, two hypervisors: the reference guest on the reference emulator and the target's guest on
 * the target take turns on the same file, and what each sees afterwards — namespaces, the label area as
 * {@code ndctl read-labels -j} prints it, the ACPI tables — is recorded per side and compared.
 */
public final class InteroperabilitySteps {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REFERENCE = "the reference emulator";
    private static final String TARGET = "the target";

    private final ScenarioWorld world;
    private String commandLine;
    /** What each side saw at the end of its turn: its ndctl list -N, its read-labels -j, its tables. */
    private final Map<String, Seen> seen = new LinkedHashMap<>();

    private record Seen(Set<String> namespaces, JsonNode labels, Map<String, byte[]> tables) {
    }

    public InteroperabilitySteps(ScenarioWorld world) {
        this.world = world;
    }

    @Given("the backing file is used by machines started with:")
    public void machinesStartedWith(String text) {
        commandLine = world.expand(text.strip());
    }

    @When("on {interoperabilitySide} the guest runs successfully:")
    public void onSideTheGuestRuns(String side, List<String> commands) throws IOException {
        Target target = side.equals(REFERENCE) ? Targets.create(Targets.REFERENCE) : world.target();
        BootOutcome o = target.start(CommandLineTokenizer.split(commandLine));
        assertThat(o).as("%s starts the machine", target.name()).isInstanceOf(BootOutcome.Started.class);
        try (MachineUnderTest m = ((BootOutcome.Started) o).machine()) {
            GuestSession g = m.bootGuest(world.dir());
            for (String c : commands) {
                CommandResult r = g.run(c);
                assertThat(r.exitCode()).as("'%s' on %s: %s", c, target.name(), r.combined()).isZero();
            }
            CommandResult labels = g.run("ndctl read-labels -j nmem0");
            assertThat(labels.exitCode()).as("read-labels on %s: %s", target.name(), labels.combined()).isZero();
            seen.put(side, new Seen(namespaces(g), oneDimm(JSON.readTree(labels.stdout())), m.acpiTables()));
        }
    }

    @Then("both guests list the same {int} namespaces")
    public void bothListTheSameNamespaces(int count) {
        assertThat(side(REFERENCE).namespaces()).as("namespaces on %s", REFERENCE).hasSize(count);
        assertThat(side(TARGET).namespaces()).as("namespaces on %s (%s) as on %s", TARGET, world.target().name(),
                REFERENCE).isEqualTo(side(REFERENCE).namespaces());
    }

    @Then("both guests read the same label area")
    public void bothReadTheSameLabels() {
        assertThat(side(REFERENCE).labels().toString()).as("labels on %s", REFERENCE).contains("NAMESPACE_INDEX");
        assertThat(side(TARGET).labels()).as("ndctl read-labels -j on %s (%s) as on %s", TARGET,
                world.target().name(), REFERENCE).isEqualTo(side(REFERENCE).labels());
    }

    /**
     * The SSDT's MEMA (the DSM page address the firmware picks) and the checksum covering it may differ. Each
     * side's tables are those its firmware left in guest memory, which its guest booted from (on QEMU the bytes
     * Linux shows in {@code /sys/firmware/acpi/tables}, compared when the QEMU column stopped reading them there).
     */
    @Then("both guests found the same NFIT, and the same SSDT but for MEMA")
    public void bothFoundTheSameTables() {
        Map<String, byte[]> mine = side(REFERENCE).tables();
        Map<String, byte[]> theirs = side(TARGET).tables();
        assertThat(theirs.get("NFIT")).as("the NFIT on %s", world.target().name()).isNotEmpty()
                .isEqualTo(mine.get("NFIT"));
        assertThat(theirs.get("SSDT")).as("the SSDT on %s", world.target().name()).hasSameSizeAs(mine.get("SSDT"));
        assertThat(AcpiTableSteps.withoutMema(theirs.get("SSDT"))).isEqualTo(AcpiTableSteps.withoutMema(mine.get("SSDT")));
    }

    /**
     * The target's NFIT is the reference's with the target's OEM Table ID and the checksum that makes it sum to
     * zero again: every other byte is compared, the checksum's validity included.
     */
    @Then("both guests found the same NFIT but for the target's OEM Table ID {string} and its checksum")
    public void bothFoundTheSameNfitButForOemTableId(String oemTableId) {
        byte[] mine = side(REFERENCE).tables().get("NFIT");
        assertThat(mine).as("the NFIT on %s", REFERENCE).isNotEmpty();
        assertThat(side(TARGET).tables().get("NFIT")).as("the NFIT on %s", world.target().name())
                .isEqualTo(AcpiTableSteps.withOemTableId(mine, oemTableId));
    }

    private Seen side(String side) {
        Seen s = seen.get(side);
        if (s == null) {
            throw new IllegalStateException("no machine ran on " + side + " in this scenario");
        }
        return s;
    }

    /**
     * The one DIMM's object: ndctl prints it inside a one-element array to a pipe, as a bare object to a
     * terminal (the recorded transcripts in {@code features/golden/} are the terminal's form).
     */
    private static JsonNode oneDimm(JsonNode labels) {
        if (labels.isArray()) {
            assertThat(labels).as("read-labels -j of one DIMM").hasSize(1);
            return labels.get(0);
        }
        return labels;
    }

    /**
     * What ndctl shows of a namespace: uuid (a claimed namespace's pfn, dax or btt uuid), name, mode, size (what the
     * device shows after its info block's reservation), map, align, sector size and device names.
     */
    private static final List<String> LISTED = List.of("uuid", "name", "mode", "size", "map", "align", "sector_size",
            "blockdev", "chardev");

    /** What {@link #LISTED} names of every namespace {@code ndctl list -N} shows (one object, or an array). */
    private static Set<String> namespaces(GuestSession g) throws IOException {
        CommandResult r = g.run("ndctl list -N");
        assertThat(r.exitCode()).as("ndctl list -N: %s", r.combined()).isZero();
        Set<String> out = new TreeSet<>();
        if (r.stdout().isBlank()) {
            return out;
        }
        JsonNode n = JSON.readTree(r.stdout());
        for (JsonNode ns : n.isArray() ? n : JSON.createArrayNode().add(n)) {
            StringBuilder b = new StringBuilder();
            for (String member : LISTED) {
                b.append(member).append('=').append(ns.path(member).asText()).append(' ');
            }
            out.add(b.toString().strip());
        }
        return out;
    }
}
