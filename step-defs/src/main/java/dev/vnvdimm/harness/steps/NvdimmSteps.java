package dev.vnvdimm.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vnvdimm.abi.dsm.DsmHandles;
import dev.vnvdimm.abi.dsm.DsmPage;
import dev.vnvdimm.abi.dsm.DsmStatus;
import dev.vnvdimm.abi.dsm.IntelDsm;
import dev.vnvdimm.harness.model.CommandResult;
import io.cucumber.java.en.Then;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;

/**
 * An NVDIMM of the command line, named by its {@code id}: the label area its guest finds, and where that area
 * sits in the backend.
 */
public final class NvdimmSteps {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ScenarioWorld world;
    private final GuestSteps guest;
    private final LabelSteps labels;

    public NvdimmSteps(ScenarioWorld world, GuestSteps guest, LabelSteps labels) {
        this.world = world;
        this.guest = guest;
        this.labels = labels;
    }

    /** What the guest finds: Get Namespace Label Size (function 4) on the DIMM, through the guest's kernel. */
    @Then("nvdimm {string} has a label area of {size}")
    public void hasLabelArea(String id, Long size) {
        assertThat(labels.labelAreaSize(nmem(id))).as("the label area the guest finds on %s", id).isEqualTo(size);
    }

    /** The guest finds no label functions on the DIMM (function 0 offers nothing). */
    @Then("nvdimm {string} has no label area")
    public void hasNoLabelArea(String id) {
        labels.offersFunctions(nmem(id), "0x0");
    }

    /** The guest's name for an NVDIMM: the DIMM whose NFIT handle is the device's slot + 1. */
    private String nmem(String id) {
        int handle = slot(id) + 1;
        CommandResult r = guest.theGuestRuns("ndctl list -D");
        assertThat(r.exitCode()).as("ndctl list -D: %s", r.combined()).isZero();
        try {
            JsonNode dimms = JSON.readTree(r.stdout());
            for (JsonNode d : dimms.isArray() ? dimms : JSON.createArrayNode().add(dimms)) {
                if (d.path("handle").asInt(-1) == handle) {
                    return d.path("dev").asText();
                }
            }
        } catch (IOException e) {
            throw new AssertionError("ndctl list -D printed no JSON: " + r.stdout(), e);
        }
        throw new AssertionError("the guest lists no DIMM with handle " + handle + " (" + id + "):\n" + r.stdout());
    }

    private int slot(String id) {
        return world.machine().memoryDevices().stream().filter(d -> d.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no memory device '" + id + "'")).slot();
    }

    /**
     * The label area sits in the last label-size bytes of the backend: for a fresh file, the file's end. A Set
     * Namespace Label Data sent without a guest (handle: slot + 1) at the area's first and at its last bytes shows
     * where each lands; where the target can tell the area's offset, it must agree.
     */
    @Then("the label area of nvdimm {string} is the last {size} of file {string}")
    public void labelAreaIsTheEndOfFile(String id, Long size, String file) throws IOException {
        long fileSize = Files.size(world.file(file));
        world.machine().labelAreaOffsetInBackend(id).ifPresent(off -> assertThat(off).isEqualTo(fileSize - size));
        byte[] first = ("first bytes of the label area of " + id).getBytes(StandardCharsets.US_ASCII);
        byte[] last = ("last bytes of the label area of " + id).getBytes(StandardCharsets.US_ASCII);
        guestlessLabelWrite(id, 0, first);
        guestlessLabelWrite(id, size - last.length, last);
        assertThat(read(file, fileSize - size, first.length)).as("what label offset 0 of %s holds at offset %d of %s",
                id, fileSize - size, file).isEqualTo(new String(first, StandardCharsets.US_ASCII));
        assertThat(read(file, fileSize - last.length, last.length)).as("what the last label bytes of %s hold at the "
                + "end of %s", id, file).isEqualTo(new String(last, StandardCharsets.US_ASCII));
    }

    private void guestlessLabelWrite(String id, long offset, byte[] data) {
        byte[] request = DsmPage.request(DsmHandles.ofSlot(slot(id)), IntelDsm.REVISION_1, IntelDsm.SET_LABEL_DATA,
                IntelDsm.labelDataInput((int) offset, data.length, data));
        byte[] reply = world.machine().dsmRoundTrip(DsmSteps.PAGE, request, DsmPage.OUTPUT + DsmStatus.SIZE);
        assertThat(DsmStatus.of(Arrays.copyOfRange(reply, DsmPage.OUTPUT, reply.length)))
                .as("status of Set Namespace Label Data at offset %d of %s", offset, id).isZero();
    }

    private String read(String file, long offset, int length) throws IOException {
        byte[] b = new byte[length];
        try (RandomAccessFile f = new RandomAccessFile(world.file(file).toFile(), "r")) {
            f.seek(offset);
            f.readFully(b);
        }
        return new String(b, StandardCharsets.US_ASCII);
    }
}
