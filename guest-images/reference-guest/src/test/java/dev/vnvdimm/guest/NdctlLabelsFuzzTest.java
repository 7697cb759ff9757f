package dev.vnvdimm.guest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vnvdimm.guest.labels.FuzzedLabelArea;
import dev.vnvdimm.guest.labels.LabelGeometry;
import dev.vnvdimm.guest.labels.LabelVersion;
import dev.vnvdimm.guest.labels.NamespaceLabel;
import dev.vnvdimm.guest.ndctl.CommandResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The reference guest booting on a machine whose NVDIMM's label area holds anything (QEMU 7.2's SSDT and DSM
 * protocol, {@link HotplugMachine}), then running ndctl's label commands: the boot's probe never fails, and every
 * command answers as ndctl does — an exit status and its messages, never an exception. {@code read-labels -j}
 * reads any area; {@code check-labels} verifies the DIMM or says it verified none; {@code list} agrees with that
 * verdict: without a valid index the region has its one label-less namespace, with one every namespace it lists
 * comes from a label in the area that names its own slot.
 *
 * <p>The input stands for the area as {@link FuzzedLabelArea} lays it out. Regression inputs:
 * {@code NdctlLabelsFuzzTestInputs/labelAreaAtBoot/} (seeds: the areas ndctl 76.1 and Linux left on QEMU 7.2).
 */
class NdctlLabelsFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIR;
    /**
     * One machine for every input, booted anew each time: only its label area changes (the commands run here only
     * read it), and building its 128 MiB of RAM per input would cost more than the rest of the run.
     */
    private static final HotplugMachine MACHINE = HotplugMachine.qemu();

    static {
        try {
            DIR = Files.createTempDirectory("ndctl-fuzz");
            DIR.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void labelAreaAtBoot(byte[] input) throws Exception {
        byte[] area = FuzzedLabelArea.image(input);
        MACHINE.labelArea(0, area);
        ReferenceGuest guest = ReferenceGuest.boot(MACHINE, DIR);
        long regionSize = guest.bus().regions().get(0).size();

        CommandResult read = run(guest, "ndctl read-labels nmem0 -j");
        assertThat(read.exitCode()).as(read.stderr()).isZero();
        assertThat(read.stderr()).isEqualTo("read 1 nmem\n");
        JsonNode dump = JSON.readTree(read.stdout());
        assertThat(dump.get(0).get("dev").asText()).isEqualTo("nmem0");
        assertThat(dump.get(0).get("index")).hasSize(2);

        CommandResult check = run(guest, "ndctl check-labels nmem0");
        assertThat(check.exitCode()).isIn(0, 1);
        assertThat(check.stderr()).isEqualTo("successfully verified " + (check.exitCode() == 0 ? 1 : 0)
                + " nmem label\n");
        CommandResult verbose = run(guest, "ndctl check-labels nmem0 -v");
        assertThat(verbose.exitCode()).isEqualTo(check.exitCode());

        CommandResult list = run(guest, "ndctl list -N -i");
        assertThat(list.exitCode()).isZero();
        List<JsonNode> namespaces = new ArrayList<>();
        JSON.readTree(list.stdout()).forEach(namespaces::add);
        if (check.exitCode() != 0) {
            assertThat(namespaces).as("no valid index: the region's one label-less namespace").singleElement()
                    .satisfies(ns -> {
                        assertThat(ns.get("dev").asText()).isEqualTo("namespace0.0");
                        assertThat(ns.get("size").asLong()).isEqualTo(regionSize);
                        assertThat(ns.has("uuid")).isFalse();
                    });
        } else {
            for (JsonNode ns : namespaces) {
                assertThat(ns.has("uuid")).as("%s, listed from labels", ns).isTrue();
                UUID uuid = UUID.fromString(ns.get("uuid").asText());
                if (ns.get("size").asLong() > 0) {
                    assertThat(hasSelfNamingLabel(area, uuid)).as("a label of %s in the area", uuid).isTrue();
                }
            }
        }

        CommandResult all = run(guest, "ndctl list -B -D -R -N -i -v");
        assertThat(all.exitCode()).isZero();
        JSON.readTree(all.stdout());
    }

    private static CommandResult run(ReferenceGuest guest, String line) {
        return guest.run(List.of(line.split(" ")));
    }

    /** Whether some slot of either label geometry holds a label with this UUID whose slot field is that slot. */
    private static boolean hasSelfNamingLabel(byte[] area, UUID uuid) {
        ByteBuffer b = ByteBuffer.wrap(area);
        for (LabelVersion v : LabelVersion.values()) {
            LabelGeometry g = LabelGeometry.of(area.length, v);
            for (int slot = 0; slot < g.nslot(); slot++) {
                int at = g.slotOffset(slot);
                UUID stored = new UUID(b.getLong(at + NamespaceLabel.UUID_OFF), b.getLong(at + NamespaceLabel.UUID_OFF + 8));
                int named = b.order(ByteOrder.LITTLE_ENDIAN).getInt(at + NamespaceLabel.SLOT);
                b.order(ByteOrder.BIG_ENDIAN);
                if (stored.equals(uuid) && named == slot) {
                    return true;
                }
            }
        }
        return false;
    }
}
