package dev.vnvdimm.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnvdimm.abi.acpi.NfitParser;
import dev.vnvdimm.abi.acpi.NfitStructure;
import dev.vnvdimm.abi.dsm.DsmHandles;
import dev.vnvdimm.abi.dsm.DsmPage;
import dev.vnvdimm.abi.dsm.DsmStatus;
import dev.vnvdimm.abi.dsm.QemuReservedDsm;
import dev.vnvdimm.harness.report.Hexdump;
import dev.vnvdimm.harness.targets.GuestReadFitTap;
import io.cucumber.java.en.Given;
import java.util.List;
import dev.vnvdimm.harness.report.ReportAttachments;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The DSM protocol seen from the hypervisor's side, as QEMU's own tests drive it: request words in a page of
 * guest RAM, the page's address written to the notify port, the reply read back from the page. No guest OS
 * takes part, so this is exactly the ABI every guest's AML relies on.
 */
public final class DsmSteps {
    /** A page of ordinary RAM at 1 MiB, where QEMU's transcript put it. */
    static final long PAGE = 0x100000;

    private final ScenarioWorld world;
    private byte[] reply;
    private byte[] fitRead;
    private int restarts;
    private final Map<String, byte[]> labelSnapshots = new HashMap<>();

    public DsmSteps(ScenarioWorld world) {
        this.world = world;
    }

    /**
     * @param arguments the Arg3 words after handle, revision and function, e.g. "0x1fff0, 16" for offset and
     *                  length; empty for none
     */
    @When("the DSM request handle {word}, revision {word}, function {word} with arguments {string} is sent")
    public void sendRequest(String handle, String revision, String function, String arguments) {
        ByteBuffer arg3 = ByteBuffer.allocate(DsmPage.ARG3_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        for (String a : arguments.split(",")) {
            if (!a.isBlank()) {
                arg3.putInt(word(a.strip()));
            }
        }
        byte[] request = DsmPage.request(word(handle), word(revision), word(function),
                Arrays.copyOf(arg3.array(), arg3.position()));
        reply = world.machine().dsmRoundTrip(PAGE, request, DsmPage.SIZE);
        ReportAttachments.text("DSM request", Hexdump.of(Arrays.copyOf(request, DsmPage.ARG3 + arg3.position())));
        ReportAttachments.text("DSM reply", Hexdump.of(Arrays.copyOf(reply,
                (int) Math.max(16, Math.min(length(), DsmPage.SIZE)))));
    }

    /** A u32 as a feature writes it: decimal or 0x hex, up to 0xFFFFFFFF. */
    private static int word(String text) {
        return (int) Long.decode(text).longValue();
    }

    @When("the DSM request handle {word}, revision {word}, function {word} is sent")
    public void sendRequestWithoutArguments(String handle, String revision, String function) {
        sendRequest(handle, revision, function, "");
    }

    /** The reply's first words: length, then status or bitmap, then the function's fields. */
    @Then("the DSM reply starts with {string}")
    public void theReplyStartsWith(String words) {
        String[] expected = words.split(",");
        ByteBuffer r = ByteBuffer.wrap(reply).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < expected.length; i++) {
            long want = Long.decode(expected[i].strip());
            assertThat(Integer.toUnsignedLong(r.getInt(DsmPage.WORD * i))).as("reply word %d", i).isEqualTo(want);
        }
    }

    /** The FIT is the NFIT's structures: the reply's data must be the NFIT the guest finds, after its header. */
    @Then("the DSM reply carries {int} bytes of the FIT after its status")
    public void theReplyCarriesFit(Integer bytes) {
        assertThat(length()).as("reply length").isEqualTo(DsmPage.OUTPUT + QemuReservedDsm.FIT_DATA + bytes);
        byte[] nfit = world.machine().acpiTables().get("NFIT");
        assertThat(nfit).as("the NFIT the guest finds").isNotNull();
        byte[] output = DsmPage.output(reply);
        assertThat(Arrays.copyOfRange(output, QemuReservedDsm.FIT_DATA, QemuReservedDsm.FIT_DATA + bytes))
                .as("the FIT in the reply")
                .isEqualTo(Arrays.copyOfRange(nfit, 40, 40 + bytes));
    }

    @When("the label area of file {string} is remembered")
    public void rememberLabelArea(String file) throws IOException {
        labelSnapshots.put(file, labelAreaBytes(file, 0, 128 << 10));
    }

    @Then("the label area of file {string} is unchanged")
    public void labelAreaUnchanged(String file) throws IOException {
        assertThat(labelSnapshots).as("remember the label area first").containsKey(file);
        assertThat(labelAreaBytes(file, 0, 128 << 10)).isEqualTo(labelSnapshots.get(file));
    }

    @Then("the label area of file {string} holds the word {word} at offset {word}")
    public void labelAreaHolds(String file, String word, String offset) throws IOException {
        byte[] b = labelAreaBytes(file, Long.decode(offset), 4);
        assertThat(Integer.toUnsignedLong(ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt()))
                .isEqualTo(Long.decode(word));
    }

    /**
     * HMP lines on the machine the DSM requests reach (on QEMU the paused probe), each of which must print
     * nothing, as HMP does when a command works: a hot-plug between two requests.
     */
    @When("the host hot-adds through the human monitor:")
    public void hotAddsThroughTheHumanMonitor(String lines) {
        for (String line : world.expand(lines.strip()).split("\n")) {
            String answer = world.machine().humanMonitorCommand(line.strip());
            assertThat(answer.strip()).as("what HMP answered to '%s'", line.strip()).isEmpty();
        }
    }

    /**
     * Reads the FIT as the SSDT's {@code _FIT} does: Read FIT from offset 0, a chunk at a time, until an empty
     * chunk; "FIT changed" (0x100) starts it over from 0.
     */
    @When("the whole FIT is read with Read FIT, starting over when it changes")
    public void readWholeFit() {
        ByteArrayOutputStream fit = new ByteArrayOutputStream();
        restarts = 0;
        for (int requests = 0; requests < 1000; requests++) {
            ByteBuffer arg3 = ByteBuffer.allocate(DsmPage.WORD).order(ByteOrder.LITTLE_ENDIAN);
            arg3.putInt(fit.size());
            byte[] request = DsmPage.request(DsmHandles.QEMU_RESERVED_ROOT, 1, QemuReservedDsm.READ_FIT, arg3.array());
            byte[] page = world.machine().dsmRoundTrip(PAGE, request, DsmPage.SIZE);
            byte[] output = DsmPage.output(page);
            int status = ByteBuffer.wrap(output).order(ByteOrder.LITTLE_ENDIAN).getInt(DsmStatus.OFFSET);
            int data = (int) DsmPage.replyLength(page) - DsmPage.OUTPUT - QemuReservedDsm.FIT_DATA;
            if (status == DsmStatus.FIT_CHANGED) {
                restarts++;
                fit.reset();
                continue;
            }
            assertThat(status).as("Read FIT status at offset %d", fit.size()).isZero();
            if (data == 0) {
                fitRead = fit.toByteArray();
                ReportAttachments.text("the FIT read with Read FIT", Hexdump.of(fitRead));
                return;
            }
            fit.write(output, QemuReservedDsm.FIT_DATA, data);
        }
        throw new AssertionError("Read FIT did not end after 1000 requests");
    }

    @Then("the FIT read describes {int} NVDIMMs, read without starting over")
    public void theFitReadDescribes(int nvdimms) {
        assertThat(fitRead).as("read the whole FIT first").isNotNull();
        assertThat(restarts).as("times Read FIT answered FIT changed").isZero();
        assertThat(NfitParser.parseFit(fitRead).stream()
                .filter(NfitStructure.MemoryDeviceMap.class::isInstance).count())
                .as("memory device structures in the FIT").isEqualTo(nvdimms);
    }

    /**
     * Arms the guest Read FIT tap: right after the guest's next Read FIT from offset 0 — its {@code _FIT} has the
     * first chunk of a new FIT and not the rest — these HMP lines run, each of which must print nothing.
     */
    @Given("once the guest has read the first chunk of a new FIT, the host hot-adds through the human monitor:")
    public void hotAddBetweenTheGuestsChunks(String lines) {
        String expanded = world.expand(lines.strip());
        tap().afterNextReadFitFromStart(() -> hotAddsThroughTheHumanMonitor(expanded));
    }

    /** The guest's Read FIT got "FIT changed" at a non-zero offset, and its next request started over at 0. */
    @Then("the guest's Read FIT was told the FIT changed after its first chunk, and started over")
    public void theGuestStartedOver() {
        GuestReadFitTap t = tap();
        assertThat(t.failures()).as("what the hot-add between the chunks threw").isEmpty();
        List<GuestReadFitTap.ReadFit> log = t.readFits();
        ReportAttachments.text("the guest's Read FIT requests", String.join("\n", log.stream()
                .map(r -> String.format("offset 0x%x → status 0x%x", r.offset(), r.status())).toList()));
        int changed = -1;
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).status() == DsmStatus.FIT_CHANGED) {
                changed = i;
                break;
            }
        }
        assertThat(changed).as("a Read FIT answered FIT changed in %s", log).isPositive();
        assertThat(log.get(changed).offset()).as("the offset that got FIT changed").isPositive();
        assertThat(log).as("the Read FIT requests after FIT changed").hasSizeGreaterThan(changed + 1);
        assertThat(log.get(changed + 1).offset()).as("the offset of the request after FIT changed").isZero();
    }

    private GuestReadFitTap tap() {
        if (!(world.machine() instanceof GuestReadFitTap t)) {
            throw new IllegalStateException("this target's machine has no guest Read FIT tap; tag the scenario "
                    + "@needs-guest-read-fit-tap");
        }
        return t;
    }

    private long length() {
        return DsmPage.replyLength(reply);
    }

    /** Label bytes straight from the host file: a 128 KiB label area is the file's last 128 KiB. */
    private byte[] labelAreaBytes(String file, long offset, int length) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(world.file(file).toFile(), "r")) {
            byte[] b = new byte[length];
            f.seek(f.length() - (128 << 10) + offset);
            f.readFully(b);
            return b;
        }
    }
}
