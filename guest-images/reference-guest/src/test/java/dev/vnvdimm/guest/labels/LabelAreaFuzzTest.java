package dev.vnvdimm.guest.labels;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Any bytes a crashed or hostile guest can leave in a 128 KiB label area (QEMU's DSM rules: max_xfer 4076), read
 * the ways the reference guest reads one: Linux's probe, {@code check-labels}, {@code read-labels -j}, the
 * namespaces, then a create and a destroy. Nothing throws but a {@link LabelAreaException} refusing a label write;
 * no read or write breaks the DSM rules (the store refuses those); and the answers agree with each other and with
 * the bytes: the probe, detection and {@code check-labels} give one verdict; an area judged valid has the index
 * signature and a matching checksum in its current block; every label in use sits in a slot the current index marks
 * used and names that slot; namespaces come only from those labels; a namespace created is then listed, a
 * namespace destroyed is gone, and the area stays valid.
 *
 * <p>The input stands for the area as {@link FuzzedLabelArea} lays it out. Regression inputs:
 * {@code LabelAreaFuzzTestInputs/anyLabelArea/} (seeds: the areas ndctl 76.1 and Linux left on QEMU 7.2).
 */
class LabelAreaFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UUID NEW = UUID.fromString("5d2ec49a-6e1b-4b6f-9d2c-2f0a8f6c1e07");
    private static final long PMEM_SIZE = 268_304_384L;

    @FuzzTest(maxDuration = "30s")
    void anyLabelArea(byte[] input) throws Exception {
        byte[] image = FuzzedLabelArea.image(input);
        InMemoryLabelStore store = InMemoryLabelStore.qemu(image);
        LabelStorageArea area = new LabelStorageArea(store);

        LabelStorageArea.Probe probe = area.probe();
        Detection detection = area.detect();
        CheckReport check = area.checkLabels();
        assertThat(probe.detection().valid()).isEqualTo(detection.valid()).isEqualTo(check.ok());

        List<NamespaceLabel> active = area.activeLabels();
        List<Namespace> namespaces = area.namespaces();
        if (!check.ok()) {
            assertThat(check.messages()).first().isEqualTo("no valid index");
            assertThat(active).isEmpty();
            assertThat(namespaces).isEmpty();
        } else {
            currentIndexIsSound(image, detection, active);
            assertThat(probe.activeLabels()).isEqualTo(active);
            Set<UUID> labelled = active.stream().map(NamespaceLabel::uuid).collect(Collectors.toSet());
            assertThat(namespaces).extracting(Namespace::uuid).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(labelled);
        }

        JsonNode dump = JSON.readTree(NdctlJson.print(NdctlJson.readLabels("nmem0", area.dump())));
        assertThat(dump.get("dev").asText()).isEqualTo("nmem0");
        assertThat(dump.get("index")).hasSize(2);
        assertThat(store.contents()).as("reading changed the area").isEqualTo(image);

        if (check.ok()) {
            createAndDestroy(store, area, namespaces);
        }
    }

    /** The current block's signature and Fletcher64 checksum, read from the bytes; each active label's slot. */
    private static void currentIndexIsSound(byte[] image, Detection d, List<NamespaceLabel> active) {
        LabelGeometry g = d.geometry();
        int at = g.indexOffset(d.current());
        assertThat(new String(image, at + NamespaceIndex.SIG, NamespaceIndex.SIG_LEN,
                StandardCharsets.ISO_8859_1)).isEqualTo("NAMESPACE_INDEX\0");
        byte[] block = Arrays.copyOfRange(image, at, at + g.indexSize());
        long stored = Le.u64(block, NamespaceIndex.CHECKSUM);
        Arrays.fill(block, NamespaceIndex.CHECKSUM, NamespaceIndex.CHECKSUM + 8, (byte) 0);
        assertThat(Fletcher64.of(block)).as("checksum of the current index").isEqualTo(stored);
        long nslot = Integer.toUnsignedLong(Le.u32(image, at + NamespaceIndex.NSLOT));
        for (NamespaceLabel l : active) {
            int slot = l.slot();
            assertThat((long) slot).isBetween(0L, nslot - 1);
            int freeBit = image[at + NamespaceIndex.FREE + slot / 8] >> (slot % 8) & 1;
            assertThat(freeBit).as("slot %d free bit", slot).isZero();
            assertThat(Le.u32(image, g.slotOffset(slot) + NamespaceLabel.SLOT)).isEqualTo(slot);
            assertThat(l).isEqualTo(NamespaceLabel.parse(image, g.slotOffset(slot), g.version()));
        }
    }

    /** A label write on the area: refused with a reason and nothing written, or done and seen; still valid. */
    private static void createAndDestroy(InMemoryLabelStore store, LabelStorageArea area, List<Namespace> before) {
        byte[] original = store.contents();
        boolean created;
        try {
            area.createNamespace(CreateRequest.raw(NEW, "fuzz", 16L << 20, PMEM_SIZE, 1));
            created = true;
        } catch (LabelAreaException refused) {
            assertThat(store.contents()).as("a refused create wrote nothing (%s)", refused.getMessage())
                    .isEqualTo(original);
            created = false;
        }
        assertThat(area.checkLabels().ok()).as("valid after a create").isTrue();
        boolean existed = before.stream().anyMatch(n -> n.uuid().equals(NEW));
        if (created) {
            assertThat(existed).isFalse();
            assertThat(area.namespaces()).extracting(Namespace::uuid).contains(NEW);
        }
        assertThat(area.destroyNamespace(NEW)).isEqualTo(created || existed ? 1 : 0);
        assertThat(area.namespaces()).extracting(Namespace::uuid).doesNotContain(NEW);
        assertThat(area.checkLabels().ok()).as("valid after a destroy").isTrue();
    }
}
