package dev.vnvdimm.guest.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InitLabelsTest {

    @Test
    void initLabelsReproducesNdctlV11ByteForByte() {
        InMemoryLabelStore store = InMemoryLabelStore.qemu(new byte[Vectors.AREA]);
        new LabelStorageArea(store).initLabels(LabelVersion.V1_1, false);
        assertThat(store.contents()).isEqualTo(Vectors.bin("labels-after-init.bin"));
    }

    @Test
    void initLabelsReproducesNdctlV12ByteForByte() {
        InMemoryLabelStore store = InMemoryLabelStore.qemu(new byte[Vectors.AREA]);
        new LabelStorageArea(store).initLabels(LabelVersion.parse("1.2"), false);
        assertThat(store.contents()).isEqualTo(Vectors.bin("labels-v1.2-after-init.bin"));
    }

    @Test
    void writesBlockZeroThenBlockOneOneWriteEach() {
        InMemoryLabelStore store = InMemoryLabelStore.qemu(new byte[Vectors.AREA]);
        new LabelStorageArea(store).initLabels(LabelVersion.V1_1, false);
        assertThat(store.writes()).containsExactly(
                new InMemoryLabelStore.Access(InMemoryLabelStore.Access.Kind.WRITE, 0, 256),
                new InMemoryLabelStore.Access(InMemoryLabelStore.Access.Kind.WRITE, 256, 256));
    }

    /** Facts §6.3: the derived checksums for ndctl (padding bits set) and kernel (clear) initialisation. */
    @Test
    void derivedChecksumsOfBothWriters() {
        assertThat(checksums(LabelVersion.V1_1, true)).containsExactly(0xeb634621d7313e0aL, 0xeb6349e6d7313e09L);
        assertThat(checksums(LabelVersion.V1_1, false)).containsExactly(0xdb634621e7313e0aL, 0xdb6349e6e7313e09L);
        assertThat(checksums(LabelVersion.V1_2, true)).containsExactly(0x2793e3edd8323c1cL, 0x2793e7b2d8323c1bL);
        assertThat(checksums(LabelVersion.V1_2, false)).containsExactly(0xe793e3ed18323c1cL, 0xe793e7b218323c1bL);
    }

    private static long[] checksums(LabelVersion v, boolean ndctl) {
        InMemoryLabelStore store = InMemoryLabelStore.qemu(new byte[Vectors.AREA]);
        LabelStorageArea area = new LabelStorageArea(store);
        if (ndctl) {
            area.initLabels(v, false);
        } else {
            area.initLabelsAsKernel(v);
        }
        Detection d = area.detect();
        assertThat(d.valid()).isTrue();
        assertThat(d.version()).isEqualTo(v);
        assertThat(d.current()).as("seq 3 is the successor of seq 2").isZero();
        return d.chosen().orElseThrow().blocks().stream().mapToLong(b -> b.block().checksum()).toArray();
    }

    @Test
    void theKernelClearsThePaddingBitsNdctlSets() {
        InMemoryLabelStore store = InMemoryLabelStore.qemu(new byte[Vectors.AREA]);
        new LabelStorageArea(store).initLabelsAsKernel(LabelVersion.V1_1);
        byte[] b = store.contents();
        assertThat(b[NamespaceIndex.FREE + 127]).isEqualTo((byte) 0x0F); // slots 1016..1019 free, 1020..1023 clear
        assertThat(b[NamespaceIndex.FREE + 126]).isEqualTo((byte) 0xFF);
        assertThat(new LabelStorageArea(store).detect().currentIndex().usedSlots())
                .as("cleared padding bits are no slots in use").isEmpty();
    }

    @Test
    void keepsWhatFollowsTheBitmapInsideTheBlock() {
        byte[] image = new byte[Vectors.AREA];
        Arrays.fill(image, (byte) 0x5A);
        InMemoryLabelStore store = InMemoryLabelStore.qemu(image);
        new LabelStorageArea(store).initLabels(LabelVersion.V1_1, false);
        byte[] after = store.contents();
        assertThat(after[200]).isEqualTo((byte) 0x5A);
        assertThat(after[511]).isEqualTo((byte) 0x5A);
        assertThat(after[512]).as("labels are not written").isEqualTo((byte) 0x5A);
        assertThat(new LabelStorageArea(store).detect().valid()).isTrue();
    }

    @Test
    void theKernelsInitialisationWritesTheTwoIndexBlocksAndNoLabel() {
        byte[] image = new byte[Vectors.AREA];
        Arrays.fill(image, (byte) 0x5A);
        InMemoryLabelStore store = InMemoryLabelStore.qemu(image);
        new LabelStorageArea(store).initLabelsAsKernel(LabelVersion.V1_2);
        LabelGeometry g = LabelGeometry.of(Vectors.AREA, LabelVersion.V1_2);
        assertThat(store.writes()).extracting(InMemoryLabelStore.Access::offset)
                .containsExactly(g.indexOffset(0), g.indexOffset(1));
        assertThat(Arrays.copyOfRange(store.contents(), g.labelOffset(), Vectors.AREA))
                .isEqualTo(Arrays.copyOfRange(image, g.labelOffset(), Vectors.AREA));
    }

    @Test
    void anInitialIndexKeepsThePreviousBytesAfterItsBitmapWhicheverWayItPads() {
        LabelGeometry g = LabelGeometry.of(Vectors.AREA, LabelVersion.V1_1);
        byte[] previous = new byte[g.indexSize()];
        Arrays.fill(previous, (byte) 0xFF);
        int bitmapEnd = NamespaceIndex.FREE + 1024 / 8; // ALIGN(1020 slots, 64) bits
        for (boolean ndctl : new boolean[] {true, false}) {
            byte[] b = NamespaceIndex.initial(g, 0, 3, previous, ndctl).bytes();
            assertThat(Arrays.copyOfRange(b, bitmapEnd, b.length)).as("ndctl style %s", ndctl)
                    .isEqualTo(Arrays.copyOfRange(previous, bitmapEnd, previous.length));
        }
    }

    @Test
    void aV12InitDoesNotOverwriteTheValidV11IndexOfALargerAreaWithoutForce() {
        // 256 KiB: the v1.1 index blocks (512 bytes each) reach beyond the v1.2 ones (256 bytes each)
        LabelStorageArea area = new LabelStorageArea(InMemoryLabelStore.qemu(new byte[256 << 10]));
        area.initLabels(LabelVersion.V1_1, false);
        area.write(NamespaceIndex.SIG, new byte[NamespaceIndex.SIG_LEN]); // block 0 torn: only block 1 is valid
        assertThat(area.detect().current()).isEqualTo(1);
        assertThatThrownBy(() -> area.initLabels(LabelVersion.V1_2, false))
                .isInstanceOf(LabelAreaException.class).hasMessageContaining("labels already initialized");
        assertThat(area.detect().version()).isEqualTo(LabelVersion.V1_1);
    }

    @Test
    void refusesToReinitialiseWithoutForce() {
        LabelStorageArea area = Vectors.area(Vectors.bin("labels-after-create.bin"));
        assertThatThrownBy(() -> area.initLabels(LabelVersion.V1_2, false))
                .isInstanceOf(LabelAreaException.class).hasMessageContaining("labels already initialized");
        area.initLabels(LabelVersion.V1_2, true);
        Detection d = area.detect();
        assertThat(d.version()).isEqualTo(LabelVersion.V1_2);
        assertThat(area.namespaces()).isEmpty();
    }

    @Test
    void aBlankAreaHasNoValidIndex() {
        LabelStorageArea area = Vectors.area(new byte[Vectors.AREA]);
        Detection d = area.detect();
        assertThat(d.valid()).isFalse();
        assertThat(d.tried()).hasSize(2);
        assertThat(d.messages()).hasSize(4).allMatch(m -> m.contains("signature"));
        assertThat(area.activeLabels()).isEmpty();
        assertThat(area.namespaces()).isEmpty();
        CheckReport check = area.checkLabels();
        assertThat(check.ok()).isFalse();
        assertThat(check.messages()).first().isEqualTo("no valid index");
        assertThatThrownBy(d::geometry).isInstanceOf(LabelAreaException.class).hasMessage("no valid index");
        assertThatThrownBy(d::current).isInstanceOf(LabelAreaException.class).hasMessage("no valid index");
        assertThatThrownBy(d::currentIndex).isInstanceOf(LabelAreaException.class).hasMessage("no valid index");
        assertThatThrownBy(() -> area.createNamespace(CreateRequest.raw(UUID.randomUUID(), "x",
                16L << 20, Vectors.PMEM_SIZE, 0))).isInstanceOf(LabelAreaException.class)
                .hasMessage("no valid index");
    }


    @Test
    void zeroLabelsLeavesNoValidIndex() {
        InMemoryLabelStore store = InMemoryLabelStore.qemu(Vectors.bin("labels-after-create.bin"));
        LabelStorageArea area = new LabelStorageArea(store);
        area.zeroLabels();
        assertThat(store.contents()).isEqualTo(new byte[Vectors.AREA]);
        assertThat(area.detect().valid()).isFalse();
        assertThat(store.writes()).allMatch(w -> w.length() <= 4076).hasSize(33);
    }

    @Test
    void readAllAndWriteAllRoundTrip() {
        byte[] created = Vectors.bin("labels-after-create.bin");
        LabelStorageArea source = Vectors.area(created);
        LabelStorageArea target = Vectors.area(new byte[Vectors.AREA]);
        target.writeAll(source.readAll());
        assertThat(((InMemoryLabelStore) target.store()).contents()).isEqualTo(created);
        assertThatThrownBy(() -> target.writeAll(new byte[100])).isInstanceOf(IllegalArgumentException.class);
    }
}
