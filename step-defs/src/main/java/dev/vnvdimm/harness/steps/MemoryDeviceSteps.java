package dev.vnvdimm.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnvdimm.harness.model.MemoryDevice;
import io.cucumber.datatable.DataTable;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The memory devices a monitor reports (query-memory-devices), and the guest's view of their memory. */
public final class MemoryDeviceSteps {
    private final ScenarioWorld world;

    public MemoryDeviceSteps(ScenarioWorld world) {
        this.world = world;
    }

    /**
     * Compares the monitor's list with a table whose columns are any of
     * {@code id, type, slot, addr, node, size, memdev, hotplugged}; rows in the monitor's order.
     */
    @Then("the memory devices are:")
    public void theMemoryDevicesAre(DataTable table) {
        assertDevices(world.machine().memoryDevices(), table);
    }

    /**
     * Compares a monitor's list with a table whose columns are any of
     * {@code id, type, slot, addr, node, size, memdev, hotplugged}; rows in the monitor's order.
     */
    static void assertDevices(List<MemoryDevice> actual, DataTable table) {
        List<Map<String, String>> expected = table.asMaps();
        assertThat(actual).as("memory devices").hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            MemoryDevice d = actual.get(i);
            for (Map.Entry<String, String> e : expected.get(i).entrySet()) {
                assertThat(d.field(e.getKey())).as("%s of memory device %d (%s)", e.getKey(), i, d.id())
                        .isEqualTo(e.getValue());
            }
        }
    }

    @Then("memory device {string} is in slot {int} at address {address}")
    public void deviceIsInSlotAt(String id, Integer slot, Long addr) {
        MemoryDevice d = device(id);
        assertThat(d.slot()).as("slot of %s", id).isEqualTo(slot);
        assertThat(d.addr()).as("address of %s", id).isEqualTo(addr);
    }

    @Then("memory device {string} is on NUMA node {int}")
    public void deviceIsOnNode(String id, Integer node) {
        assertThat(device(id).node()).isEqualTo(node);
    }

    @Then("memory device {string} offers the guest {size}")
    public void deviceOffers(String id, Long bytes) {
        assertThat(device(id).size()).isEqualTo(bytes);
    }

    @When("the guest writes {string} at offset {size} of memory device {string}")
    public void theGuestWrites(String text, Long offset, String id) {
        world.machine().writeDeviceMemory(id, offset, text.getBytes(StandardCharsets.UTF_8));
    }

    @Then("the guest reads {string} at offset {size} of memory device {string}")
    public void theGuestReads(String text, Long offset, String id) {
        byte[] b = world.machine().readDeviceMemory(id, offset, text.length());
        assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo(text);
    }

    private MemoryDevice device(String id) {
        return world.machine().memoryDevices().stream().filter(d -> d.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no memory device '" + id + "' in "
                        + world.machine().memoryDevices()));
    }
}
