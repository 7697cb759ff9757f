package dev.vnvdimm.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vnvdimm.abi.acpi.NfitParser;
import dev.vnvdimm.abi.acpi.NfitStructure;
import dev.vnvdimm.guest.ndctl.CommandResult;
import dev.vnvdimm.guest.nvdimm.Nmem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NVDIMM hot-plug as a Linux guest sees it on QEMU's pc machine (facts §7.1): the FADT's GPE0 block, the SCI,
 * {@code \_GPE._E04}'s Notify of the NVDIMM root, {@code _FIT} read again (restarting when the FIT changes
 * mid-read), and the new DIMM usable by every ndctl command like a boot-time one.
 */
class HotplugTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int E04 = HotplugMachine.NVDIMM_HOTPLUG_GPE;

    @TempDir
    Path dir;

    private ReferenceGuest boot(HotplugMachine machine) {
        return ReferenceGuest.boot(machine, dir);
    }

    private static String ok(ReferenceGuest guest, String... argv) {
        CommandResult r = guest.run(List.of(argv));
        assertThat(r.exitCode()).as(String.join(" ", argv) + ": " + r.combined()).isZero();
        return r.stdout();
    }

    private static JsonNode json(ReferenceGuest guest, String... argv) throws Exception {
        return JSON.readTree(ok(guest, argv));
    }

    /** The device handles of the memory device maps in a FIT, in order. */
    private static List<Long> handles(byte[] fit) {
        return NfitParser.parseFit(fit).stream().filter(NfitStructure.MemoryDeviceMap.class::isInstance)
                .map(s -> ((NfitStructure.MemoryDeviceMap) s).deviceHandle()).toList();
    }

    @Test
    void bootEnablesEachGpeWithAMethodAfterClearingWhatTheFirmwareLeft() {
        HotplugMachine machine = HotplugMachine.qemu();
        machine.setStatus(E04);
        machine.setStatus(9);
        ReferenceGuest guest = boot(machine);

        assertThat(machine.enabled(E04)).isTrue();
        assertThat(machine.status(E04)).as("stale status cleared before enabling").isFalse();
        assertThat(machine.status(9)).isFalse();
        for (int gpe = 0; gpe < 16; gpe++) {
            assertThat(machine.enabled(gpe)).as("GPE %d", gpe).isEqualTo(gpe == E04);
        }
        assertThat(machine.gpeWrites).startsWith("0xafe2=0x0", "0xafe0=0xff", "0xafe3=0x0", "0xafe1=0xff");
        assertThat(guest.log().lines()).contains("ACPI: Enabled 1 GPEs in block 00 to 0F");
        assertThat(guest.bus().nmems()).extracting(Nmem::dev).containsExactly("nmem0");
    }

    @Test
    void aMachineWithoutGpeMethodsEnablesNothingAndSaysNothing() {
        HotplugMachine machine = new HotplugMachine(Map.of(), 0);
        ReferenceGuest guest = boot(machine);

        for (int gpe = 0; gpe < 16; gpe++) {
            assertThat(machine.enabled(gpe)).isFalse();
        }
        assertThat(guest.log().text()).doesNotContain("GPEs in block");
        machine.plug(1);
        machine.fireSci();
        assertThat(guest.bus().nmems()).hasSize(1);
        assertThat(machine.status(E04)).as("nothing handled a GPE that is not enabled").isTrue();
    }

    @Test
    void aHotPluggedDimmAppearsAsNmem1WithItsHandle() throws Exception {
        HotplugMachine machine = HotplugMachine.qemu();
        ReferenceGuest guest = boot(machine);
        List<String> bootLog = guest.log().lines();
        machine.readFitLog.clear();

        machine.plug(1);
        machine.fireSci();

        assertThat(machine.status(E04)).as("status cleared").isFalse();
        assertThat(machine.enabled(E04)).as("enabled again after its method").isTrue();
        assertThat(machine.readFitLog).as("_E04 ran: _FIT read the new FIT").startsWith(0L);
        JsonNode dimms = json(guest, "ndctl", "list", "-D");
        assertThat(dimms).hasSize(2);
        assertThat(dimms.get(0).get("dev").asText()).isEqualTo("nmem0");
        assertThat(dimms.get(0).get("handle").asLong()).isEqualTo(1);
        assertThat(dimms.get(1).get("dev").asText()).isEqualTo("nmem1");
        assertThat(dimms.get(1).get("handle").asLong()).isEqualTo(2);
        assertThat(dimms.get(1).get("id").asText()).isEqualTo("8680-57341200");
        JsonNode regions = json(guest, "ndctl", "list", "-R");
        assertThat(regions).extracting(r -> r.get("dev").asText()).containsExactly("region0", "region1");
        assertThat(regions.get(1).get("size").asLong()).isEqualTo(HotplugMachine.PMEM_SIZE);
        assertThat(ok(guest, "cat", "/sys/bus/nd/devices/nmem1/nfit/dsm_mask")).isEqualTo("0x70\n");
        // Linux prints nothing at info level when it registers the new DIMM and region; the guest's DIMM probe
        // line is the same one boot printed for nmem0
        List<String> added = guest.log().lines().subList(bootLog.size(), guest.log().lines().size());
        assertThat(added).containsExactly("nvdimm nmem1: config data size: 131072");
    }

    @Test
    void theNewDimmTakesLabelsAndNamespacesLikeABootTimeOne() throws Exception {
        HotplugMachine machine = HotplugMachine.qemu();
        ReferenceGuest guest = boot(machine);
        ok(guest, "ndctl", "disable-region", "region0");
        ok(guest, "ndctl", "init-labels", "nmem0");
        ok(guest, "ndctl", "enable-region", "region0");
        ok(guest, "ndctl", "create-namespace", "-r", "region0", "-s", "32M", "-m", "raw");
        JsonNode before = json(guest, "ndctl", "list", "-N");

        machine.plug(1);
        machine.fireSci();

        assertThat(json(guest, "ndctl", "list", "-N", "-r", "region1").size()).as("a label-less DIMM: one raw namespace")
                .isEqualTo(1);
        ok(guest, "ndctl", "disable-region", "region1");
        assertThat(ok(guest, "ndctl", "init-labels", "nmem1")).isEmpty();
        ok(guest, "ndctl", "enable-region", "region1");
        JsonNode created = json(guest, "ndctl", "create-namespace", "-r", "region1", "-s", "64M", "-m", "raw");
        assertThat(created.get("dev").asText()).isEqualTo("namespace1.0");
        assertThat(created.get("size").asLong()).isEqualTo(64L << 20);
        assertThat(guest.run(List.of("ndctl", "read-labels", "-j", "nmem1")).exitCode()).isZero();
        assertThat(json(guest, "ndctl", "list", "-N", "-r", "region0")).as("nmem0's namespaces unchanged")
                .isEqualTo(before);
        assertThat(json(guest, "ndctl", "list", "-D").get(0).get("dev").asText()).isEqualTo("nmem0");
    }

    @Test
    void aFitChangedMidReadRestartsAndTheGuestEndsWithTheWholeNewFit() throws Exception {
        HotplugMachine machine = HotplugMachine.qemu();
        ReferenceGuest guest = boot(machine);
        machine.readFitLog.clear();
        machine.plug(1);
        boolean[] plugged = {false};
        machine.beforeReadFit = () -> {
            if (!plugged[0]) {
                plugged[0] = true;
                machine.plug(2); // a second device_add while _FIT is reading
            }
        };

        machine.fireSci();

        assertThat(machine.readFitLog).as("0x100 at the second read, then _FIT starts over")
                .containsSubsequence(0L, -1L, 0L);
        assertThat(guest.bus().nmems()).extracting(Nmem::dev).containsExactly("nmem0", "nmem1", "nmem2");
        assertThat(guest.bus().nmems()).extracting(Nmem::handle).containsExactlyElementsOf(handles(machine.fit()));
        assertThat(machine.status(E04)).as("the second plug raised the GPE again").isTrue();

        machine.readFitLog.clear();
        machine.fireSci();
        assertThat(machine.status(E04)).isFalse();
        assertThat(machine.readFitLog).as("_FIT read again").isNotEmpty();
        assertThat(json(guest, "ndctl", "list", "-R")).extracting(r -> r.get("dev").asText())
                .containsExactly("region0", "region1", "region2");
    }

    @Test
    void aDisabledGpeDoesNothing() {
        HotplugMachine machine = HotplugMachine.qemu();
        ReferenceGuest guest = boot(machine);
        machine.writeIo(HotplugMachine.GPE0_ENABLE, 1, 0);
        machine.readFitLog.clear();
        machine.gpeWrites.clear();
        List<String> log = guest.log().lines();

        machine.plug(1);
        machine.fireSci();

        assertThat(machine.status(E04)).isTrue();
        assertThat(machine.gpeWrites).isEmpty();
        assertThat(machine.readFitLog).isEmpty();
        assertThat(guest.bus().nmems()).hasSize(1);
        assertThat(guest.log().lines()).isEqualTo(log);
    }

    @Test
    void aSpuriousSciWithNothingPendingDoesNothing() {
        HotplugMachine machine = HotplugMachine.qemu();
        ReferenceGuest guest = boot(machine);
        machine.gpeWrites.clear();
        machine.readFitLog.clear();
        List<String> log = guest.log().lines();

        machine.fireSci();

        assertThat(machine.gpeWrites).isEmpty();
        assertThat(machine.readFitLog).isEmpty();
        assertThat(guest.log().lines()).isEqualTo(log);
    }

    @Test
    void aPendingEnabledGpeWithoutAMethodIsDisabledAsLinuxDoes() {
        HotplugMachine machine = HotplugMachine.qemu();
        ReferenceGuest guest = boot(machine);
        machine.writeIo(HotplugMachine.GPE0_ENABLE, 1, 1 << 3 | 1 << E04);
        machine.setStatus(3);

        machine.fireSci();

        assertThat(machine.enabled(3)).isFalse();
        assertThat(machine.status(3)).isFalse();
        assertThat(machine.enabled(E04)).as("other GPEs untouched").isTrue();
        assertThat(guest.log().lines()).contains("ACPI Error: No handler or method for GPE 03, disabling event");
    }

    @Test
    void anEdgeGpeIsClearedBeforeItsMethodRunsALevelOneAfter() {
        HotplugMachine machine = new HotplugMachine(
                new LinkedHashMap<>(Map.of("_E04", HotplugMachine.notifyNvdr(0x80),
                        "_L01", HotplugMachine.notifyNvdr(0x90))), 0);
        ReferenceGuest guest = boot(machine);
        assertThat(guest.log().lines()).contains("ACPI: Enabled 2 GPEs in block 00 to 0F");
        Map<Integer, Boolean> statusWhileRunning = new LinkedHashMap<>();
        guest.interpreter().registerNotifyHandler("\\_SB.NVDR", (dev, value) ->
                statusWhileRunning.put(value, machine.status(value == 0x80 ? E04 : 1)));
        machine.setStatus(1);
        machine.plug(1);

        machine.fireSci();

        assertThat(statusWhileRunning).containsExactly(Map.entry(0x90, true), Map.entry(0x80, false));
        assertThat(machine.status(1)).isFalse();
        assertThat(machine.enabled(1)).isTrue();
        assertThat(guest.bus().nmems()).hasSize(2);
    }

    @Test
    void otherNotifyValuesOnTheRootAreIgnoredSilently() {
        HotplugMachine machine = new HotplugMachine(Map.of("_E04", HotplugMachine.notifyNvdr(0x81)), 0);
        ReferenceGuest guest = boot(machine);
        List<String> log = guest.log().lines();
        machine.readFitLog.clear();

        machine.plug(1);
        machine.fireSci();

        assertThat(machine.status(E04)).isFalse();
        assertThat(machine.readFitLog).isEmpty();
        assertThat(guest.bus().nmems()).hasSize(1);
        assertThat(guest.log().lines()).isEqualTo(log);
    }

    @Test
    void aFailingFitKeepsTheBusAndSaysSoInLinuxWords() throws Exception {
        HotplugMachine machine = HotplugMachine.qemu();
        ReferenceGuest guest = boot(machine);
        String before = ok(guest, "ndctl", "list", "-D", "-R");

        machine.plug(1);
        machine.readFitBroken = true;
        machine.fireSci();

        assertThat(guest.log().lines()).last().isEqualTo("nfit ACPI0012:00: failed to evaluate _FIT");
        assertThat(ok(guest, "ndctl", "list", "-D", "-R")).isEqualTo(before);
        assertThat(machine.status(E04)).isFalse();
    }

    @Test
    void anEventLatchedBeforeTheSciWasConnectedIsHandledAtBoot() {
        HotplugMachine machine = HotplugMachine.qemu();
        // a device_add after the GPEs were enabled but before the guest connected its handler: the line was
        // raised with nobody listening, so only the poll after connecting sees it (ACPICA polls the same way)
        machine.onConnect = () -> machine.plug(1);
        ReferenceGuest guest = boot(machine);

        assertThat(guest.bus().nmems()).extracting(Nmem::dev).containsExactly("nmem0", "nmem1");
        assertThat(machine.status(E04)).isFalse();
    }

    @Test
    void aMachineWhoseSciNeverFiresIsNotPolled() {
        HotplugMachine machine = HotplugMachine.qemu();
        machine.noGpeHardware = true; // unmapped GPE ports read all ones: every GPE would look pending
        ReferenceGuest guest = boot(machine);

        assertThat(guest.log().text()).contains("ACPI: Enabled 1 GPEs in block 00 to 0F").doesNotContain("ACPI Error");
        assertThat(machine.readFitLog).as("only the boot probe's _FIT, no _E04 run by a poll")
                .containsExactly(0L, (long) machine.fit().length);
        assertThat(machine.sciConnected()).isFalse();
    }

    @Test
    void commandsAndTheSciNeverInterleave() throws Exception {
        HotplugMachine machine = HotplugMachine.qemu();
        ReferenceGuest guest = boot(machine);
        List<Throwable> failures = new ArrayList<>();
        Thread commands = new Thread(() -> {
            try {
                for (int i = 0; i < 200; i++) {
                    JsonNode d = JSON.readTree(guest.run(List.of("ndctl", "list", "-D", "-R")).stdout());
                    int dimms = d.get("dimms").size();
                    int regions = d.get("regions").size();
                    if (dimms != regions) {
                        failures.add(new AssertionError(dimms + " DIMMs but " + regions + " regions"));
                    }
                }
            } catch (Exception | AssertionError e) {
                failures.add(e);
            }
        });
        commands.start();
        for (int slot = 1; slot <= 2; slot++) {
            machine.plug(slot);
            machine.fireSci();
        }
        commands.join();
        assertThat(failures).isEmpty();
        assertThat(guest.bus().nmems()).hasSize(3);
    }

    @Test
    void aGuestResumedAfterAHotAddKeepsItsNames() throws Exception {
        HotplugMachine source = HotplugMachine.qemu();
        ReferenceGuest guest = boot(source);
        source.plug(1);
        source.fireSci();
        ok(guest, "ndctl", "disable-region", "region1");
        ok(guest, "ndctl", "init-labels", "nmem1");
        ok(guest, "ndctl", "enable-region", "region1");
        ok(guest, "ndctl", "create-namespace", "-r", "region1", "-s", "32M", "-m", "raw");
        ok(guest, "ndctl", "disable-region", "region0");
        byte[] state = guest.saveState();
        String listing = ok(guest, "ndctl", "list", "-D", "-R", "-N", "-i");

        // the destination has both DIMMs on its command line; the migrated label areas come with memory
        HotplugMachine destination = new HotplugMachine(Map.of("_E04", HotplugMachine.notifyNvdr(0x80)), 0, 1);
        destination.copyLabelsFrom(source);
        // an event pending at migration (here one without a method) survives: resume clears no status
        destination.writeIo(HotplugMachine.GPE0_ENABLE, 1, 1 << 3);
        destination.setStatus(3);
        ReferenceGuest resumed = ReferenceGuest.resume(destination, dir, state);

        assertThat(ok(resumed, "ndctl", "list", "-D", "-R", "-N", "-i")).isEqualTo(listing);
        assertThat(destination.sciConnected()).isTrue();
        assertThat(destination.enabled(E04)).isTrue();
        assertThat(destination.enabled(3)).isFalse();
        assertThat(resumed.log().lines()).last().isEqualTo("ACPI Error: No handler or method for GPE 03, disabling event");
        destination.plug(2);
        destination.fireSci();
        assertThat(resumed.bus().nmems()).extracting(Nmem::dev).containsExactly("nmem0", "nmem1", "nmem2");
    }

    @Test
    void aResumedGuestTakesItsSourcesNumbersWhenTheDestinationProbesInAnotherOrder() throws Exception {
        HotplugMachine source = new HotplugMachine(Map.of("_E04", HotplugMachine.notifyNvdr(0x80)), 1);
        ReferenceGuest guest = boot(source);
        source.plug(0);
        source.fireSci();
        assertThat(json(guest, "ndctl", "list", "-D")).extracting(d -> d.get("handle").asLong())
                .as("slot 1 booted as nmem0, slot 0 hot-added as nmem1").containsExactly(2L, 1L);
        byte[] state = guest.saveState();

        HotplugMachine destination = new HotplugMachine(Map.of("_E04", HotplugMachine.notifyNvdr(0x80)), 0, 1);
        ReferenceGuest resumed = ReferenceGuest.resume(destination, dir, state);

        assertThat(json(resumed, "ndctl", "list", "-D")).extracting(d -> d.get("handle").asLong())
                .containsExactly(2L, 1L);
        assertThat(json(resumed, "ndctl", "list", "-R")).extracting(r -> r.get("dev").asText())
                .containsExactly("region0", "region1");
    }

    @Test
    void aStateNamingARegionTheDestinationLacksIsRefused() {
        HotplugMachine source = HotplugMachine.qemu();
        ReferenceGuest guest = boot(source);
        source.plug(1);
        source.fireSci();
        byte[] state = guest.saveState();

        HotplugMachine destination = HotplugMachine.qemu();
        assertThatThrownBy(() -> ReferenceGuest.resume(destination, dir, state))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("guest state names region1 (nmem1, NFIT device handle 0x2), which this machine does not have");
    }
}
