package dev.vnvdimm.guest.labels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnvdimm.guest.labels.InMemoryLabelStore.Access;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The label reads Linux makes when it probes a DIMM (facts §6.1 item 8), so DSM transcripts compare. */
class ProbeTest {

    private static final Access FIRST_READ = new Access(Access.Kind.READ, 0, 3972);

    @ParameterizedTest(name = "{0} bytes, max_xfer {1}: chunk {2}, first read {3}")
    @CsvSource({"131072, 4076, 3972, 3972", "262144, 4076, 4033, 4033", "2097152, 4076, 4076, 8152",
            "131072, 256, 256, 512", "131072, 131072, 131072, 131072"})
    void readPlan(int configSize, int maxXfer, int chunk, int firstRead) {
        assertThat(LabelStorageArea.ReadPlan.of(configSize, maxXfer))
                .isEqualTo(new LabelStorageArea.ReadPlan(chunk, firstRead));
    }

    @Test
    void aBlankAreaCostsExactlyOneRead() {
        InMemoryLabelStore store = InMemoryLabelStore.qemu(new byte[Vectors.AREA]);
        LabelStorageArea.Probe p = new LabelStorageArea(store).probe();
        assertThat(p.detection().valid()).isFalse();
        assertThat(store.accesses()).containsExactly(FIRST_READ);
    }

    @Test
    void twoMebibytesTakeTwoCallsOfMaxTransfer() {
        InMemoryLabelStore store = InMemoryLabelStore.qemu(new byte[2 << 20]);
        new LabelStorageArea(store).detect();
        assertThat(store.accesses()).containsExactly(new Access(Access.Kind.READ, 0, 4076),
                new Access(Access.Kind.READ, 4076, 4076));
    }

    @Test
    void labelsInsideTheFirstReadCostNothingMore() {
        InMemoryLabelStore store = InMemoryLabelStore.qemu(Vectors.bin("labels-after-create.bin"));
        LabelStorageArea area = new LabelStorageArea(store);
        assertThat(area.probe().activeLabels()).hasSize(4);
        assertThat(store.accesses()).containsExactly(FIRST_READ);
    }

    private static final LabelGeometry V11 = LabelGeometry.of(Vectors.AREA, LabelVersion.V1_1);

    /** The v1.1 example area after init, with a label named "slotN" in each of {@code slots}, made current. */
    private static byte[] withLabelsIn(int... slots) {
        byte[] image = Vectors.bin("labels-after-init.bin");
        NamespaceIndex index = NamespaceIndex.of(image, 0, V11.indexSize());
        for (int slot : slots) {
            NamespaceLabel l = new NamespaceLabel(LabelVersion.V1_1, UUID.randomUUID(), "slot" + slot, 0, 1, 0, 1,
                    512, slot * (16L << 20), 16L << 20, slot, 0, null, null, 0);
            System.arraycopy(l.encode(), 0, image, V11.slotOffset(slot), V11.labelSize());
            index = index.withFree(slot, false);
        }
        byte[] index1 = index.withHeader(V11, 1, 1).bytes();
        System.arraycopy(index1, 0, image, V11.indexOffset(1), index1.length);
        return image;
    }

    @Test
    void aFarSlotIsFetchedWithOneChunkStartingAtIt() {
        InMemoryLabelStore store = InMemoryLabelStore.qemu(withLabelsIn(100));
        LabelStorageArea area = new LabelStorageArea(store);
        assertThat(area.namespaces()).extracting(Namespace::name).containsExactly("slot100");
        assertThat(store.accesses()).containsExactly(FIRST_READ, new Access(Access.Kind.READ, 13312, 3972));
    }

    @Test
    void aSlotInsideAChunkAlreadyFetchedCostsNothingMore() {
        InMemoryLabelStore store = InMemoryLabelStore.qemu(withLabelsIn(100, 101, 131));
        LabelStorageArea area = new LabelStorageArea(store);
        assertThat(area.namespaces()).extracting(Namespace::name).containsExactly("slot100", "slot101", "slot131");
        assertThat(store.accesses()).containsExactly(FIRST_READ, new Access(Access.Kind.READ, 13312, 3972),
                new Access(Access.Kind.READ, 17284, 3972));
    }

    @Test
    void theLastSlotIsFetchedUpToTheEndOfTheAreaAndNoFurther() {
        int last = V11.nslot() - 1;
        assertThat(V11.slotOffset(last) + V11.labelSize()).as("the last slot ends the area").isEqualTo(Vectors.AREA);
        InMemoryLabelStore store = InMemoryLabelStore.qemu(withLabelsIn(last));
        LabelStorageArea area = new LabelStorageArea(store);
        assertThat(area.namespaces()).extracting(Namespace::name).containsExactly("slot" + last);
        assertThat(store.accesses()).containsExactly(FIRST_READ,
                new Access(Access.Kind.READ, V11.slotOffset(last), V11.labelSize()));
        assertThat(area.checkLabels()).isEqualTo(new CheckReport(true, List.of()));
    }

    @Test
    void aStoreThatTransfersTheWholeAreaAtOnceProbesInOneRead() {
        int last = V11.nslot() - 1;
        InMemoryLabelStore store = new InMemoryLabelStore(withLabelsIn(last), Vectors.AREA);
        assertThat(new LabelStorageArea(store).probe().activeLabels()).extracting(NamespaceLabel::slot)
                .containsExactly(last);
        assertThat(store.accesses()).containsExactly(new Access(Access.Kind.READ, 0, Vectors.AREA));
    }

    @Test
    void aCreateOnQemuIsOneReadAndFourWrites() {
        InMemoryLabelStore store = InMemoryLabelStore.qemu(Vectors.bin("labels-after-init.bin"));
        new LabelStorageArea(store).createNamespace(
                CreateRequest.raw(UUID.randomUUID(), "r", 16L << 20, Vectors.PMEM_SIZE, Vectors.COOKIE_V11));
        assertThat(store.accesses()).containsExactly(FIRST_READ,
                new Access(Access.Kind.WRITE, 512, 128), new Access(Access.Kind.WRITE, 256, 256),
                new Access(Access.Kind.WRITE, 640, 128), new Access(Access.Kind.WRITE, 0, 256));
    }
}
