package dev.vnvdimm.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Then;
import java.io.IOException;
import java.nio.file.Files;

/** An NVDIMM's label area: its size and where it sits in the backend. */
public final class NvdimmSteps {
    private final ScenarioWorld world;

    public NvdimmSteps(ScenarioWorld world) {
        this.world = world;
    }

    @Then("nvdimm {string} has a label area of {size}")
    public void hasLabelArea(String id, Long size) {
        assertThat(world.machine().labelAreaSize(id)).isEqualTo(size);
    }

    @Then("nvdimm {string} has no label area")
    public void hasNoLabelArea(String id) {
        assertThat(world.machine().labelAreaSize(id)).isZero();
    }

    /**
     * The label area sits in the last label-size bytes of the backend: for a fresh file, the file's end. Where the
     * target cannot say, a Set Namespace Label Data sent without a guest (handle: slot + 1) shows where it lands.
     */
    @Then("the label area of nvdimm {string} is the last {size} of file {string}")
    public void labelAreaIsTheEndOfFile(String id, Long size, String file) throws IOException {
        long fileSize = Files.size(world.file(file));
        assertThat(world.machine().labelAreaSize(id)).isEqualTo(size);
        world.machine().labelAreaOffsetInBackend(id).ifPresent(off -> assertThat(off).isEqualTo(fileSize - size));
        byte[] marker = ("label area of " + id).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int slot = world.machine().memoryDevices().stream().filter(d -> d.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no memory device '" + id + "'")).slot();
        java.nio.ByteBuffer req = java.nio.ByteBuffer.allocate(4096).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        req.putInt(slot + 1).putInt(1).putInt(6).putInt(0).putInt(marker.length).put(marker);
        byte[] reply = world.machine().dsmRoundTrip(DsmSteps.PAGE, req.array(), 8);
        assertThat(java.nio.ByteBuffer.wrap(reply).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(4))
                .as("status of Set Namespace Label Data at offset 0 of %s", id).isZero();
        byte[] atEnd = new byte[marker.length];
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(world.file(file).toFile(), "r")) {
            f.seek(fileSize - size);
            f.readFully(atEnd);
        }
        assertThat(new String(atEnd, java.nio.charset.StandardCharsets.US_ASCII))
                .as("what label offset 0 of %s holds at offset %d of %s", id, fileSize - size, file)
                .isEqualTo(new String(marker, java.nio.charset.StandardCharsets.US_ASCII));
    }
}
