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

    /** The label area sits in the last label-size bytes of the backend: for a fresh file, the file's end. */
    @Then("the label area of nvdimm {string} is the last {size} of file {string}")
    public void labelAreaIsTheEndOfFile(String id, Long size, String file) throws IOException {
        long fileSize = Files.size(world.file(file));
        assertThat(world.machine().labelAreaSize(id)).isEqualTo(size);
        world.machine().labelAreaOffsetInBackend(id).ifPresent(off -> assertThat(off).isEqualTo(fileSize - size));
    }
}
