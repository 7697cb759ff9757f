package dev.vnvdimm.guest.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NamespacesTest {

    private static final long MIB = 1L << 20;
    private static final UUID FSDAX = UUID.fromString("b895e67d-c2d1-47d0-809d-9fc73388e32b");
    private static final UUID RAW = UUID.fromString("102b143c-25ac-4cdf-9c37-c0b804b58437");
    private static final UUID SECTOR = UUID.fromString("407ba19f-6650-4486-a727-36025acf32f0");
    private static final UUID DEVDAX = UUID.fromString("1d189cf1-e675-4091-beb1-0ab344a2b478");
    private static final UUID V12_FSDAX = UUID.fromString("20784ebb-271c-4761-97e4-193d8255110c");

    @Test
    void theExampleAreaHoldsFourNamespacesInSlotsOneToFour() {
        LabelStorageArea area = Vectors.area(Vectors.bin("labels-after-create.bin"));
        Detection d = area.detect();
        assertThat(d.version()).isEqualTo(LabelVersion.V1_1);
        assertThat(d.current()).as("seq 2 follows seq 1").isZero();
        assertThat(d.currentIndex().usedSlots()).containsExactly(1, 2, 3, 4);

        List<NamespaceLabel> labels = area.activeLabels();
        assertThat(labels).extracting(NamespaceLabel::slot).containsExactly(1, 2, 3, 4);
        assertThat(labels).extracting(NamespaceLabel::uuid).containsExactly(FSDAX, RAW, SECTOR, DEVDAX);
        assertThat(labels).allSatisfy(l -> {
            assertThat(l.flags()).isZero();
            assertThat(l.nlabel()).isEqualTo(1);
            assertThat(l.position()).isZero();
            assertThat(l.isetCookie()).isEqualTo(Vectors.COOKIE_V11);
        });

        List<Namespace> namespaces = area.namespaces();
        assertThat(namespaces).extracting(Namespace::name)
                .containsExactly("fsdax-ns", "raw-ns", "sector-ns", "devdax-ns");
        assertThat(namespaces).extracting(Namespace::dpa).containsExactly(0L, 64 * MIB, 96 * MIB, 128 * MIB);
        assertThat(namespaces).extracting(Namespace::size).containsExactly(64 * MIB, 32 * MIB, 32 * MIB, 32 * MIB);
        assertThat(namespaces).extracting(Namespace::sectorSize).containsExactly(512L, 512L, 4096L, 512L);
        assertThat(namespaces).noneMatch(Namespace::updating);
        assertThat(area.checkLabels()).isEqualTo(new CheckReport(true, List.of()));
    }

    @Test
    void theStaleUpdatingLabelInSlotZeroIsNotActive() {
        byte[] image = Vectors.bin("labels-after-create.bin");
        NamespaceLabel stale = NamespaceLabel.parse(image, 512, LabelVersion.V1_1);
        assertThat(stale.uuid()).isEqualTo(DEVDAX);
        assertThat(stale.updating()).isTrue();
        assertThat(Vectors.area(image).activeLabels()).noneMatch(l -> l.slot() == 0);
    }

    @Test
    void labelsEncodeBackToTheirBytes() {
        byte[] v11 = Vectors.bin("labels-after-create.bin");
        for (int slot = 0; slot < 5; slot++) {
            int off = 512 + slot * 128;
            assertThat(NamespaceLabel.parse(v11, off, LabelVersion.V1_1).encode())
                    .isEqualTo(Arrays.copyOfRange(v11, off, off + 128));
        }
        byte[] v12 = Vectors.bin("labels-v1.2-after-create.bin");
        for (int slot = 0; slot < 2; slot++) {
            int off = 512 + slot * 256;
            NamespaceLabel l = NamespaceLabel.parse(v12, off, LabelVersion.V1_2);
            assertThat(NamespaceLabel.checksumValid(v12, off, LabelVersion.V1_2)).isTrue();
            assertThat(l.encode()).isEqualTo(Arrays.copyOfRange(v12, off, off + 256));
            assertThat(l.typeGuid()).isEqualTo(NamespaceLabel.PMEM_TYPE_GUID);
            assertThat(l.abstractionGuid()).isEqualTo(NamespaceLabel.PFN_GUID);
            assertThat(l.isetCookie()).isEqualTo(Vectors.COOKIE_V12);
        }
    }

    /** The kernel's create: UPDATING label + index, then final label + index; same bytes as the v1.2 example. */
    @Test
    void creatingTheV12ExamplesNamespaceReproducesItsAreaByteForByte() {
        InMemoryLabelStore store = InMemoryLabelStore.qemu(Vectors.bin("labels-v1.2-after-init.bin"));
        Namespace ns = new LabelStorageArea(store).createNamespace(
                CreateRequest.raw(V12_FSDAX, "v12-fsdax", 64 * MIB, Vectors.PMEM_SIZE, Vectors.COOKIE_V12)
                        .withAbstractionGuid(NamespaceLabel.PFN_GUID));
        assertThat(store.contents()).isEqualTo(Vectors.bin("labels-v1.2-after-create.bin"));
        assertThat(ns.dpa()).isZero();
        assertThat(ns.labels()).extracting(NamespaceLabel::slot).containsExactly(1);
        assertThat(store.writes()).extracting(InMemoryLabelStore.Access::offset)
                .as("label, index 1, label, index 0").containsExactly(512, 256, 768, 0);
    }

    /** Replaying the four creates of the v1.1 transcript gives the example area exactly (slot 0 = stale devdax). */
    @Test
    void replayingTheV11TranscriptsCreatesReproducesItsAreaByteForByte() {
        InMemoryLabelStore store = InMemoryLabelStore.qemu(Vectors.bin("labels-after-init.bin"));
        LabelStorageArea area = new LabelStorageArea(store);
        area.createNamespace(CreateRequest.raw(FSDAX, "fsdax-ns", 64 * MIB, Vectors.PMEM_SIZE, Vectors.COOKIE_V11));
        area.createNamespace(CreateRequest.raw(RAW, "raw-ns", 32 * MIB, Vectors.PMEM_SIZE, Vectors.COOKIE_V11));
        area.createNamespace(CreateRequest.raw(SECTOR, "sector-ns", 32 * MIB, Vectors.PMEM_SIZE, Vectors.COOKIE_V11)
                .withLbaSize(4096));
        area.createNamespace(CreateRequest.raw(DEVDAX, "devdax-ns", 32 * MIB, Vectors.PMEM_SIZE, Vectors.COOKIE_V11));
        assertThat(store.contents()).isEqualTo(Vectors.bin("labels-after-create.bin"));
    }

    @Test
    void aRawNamespaceLabelLooksLikeTheExamplesRawNamespace() {
        LabelStorageArea area = Vectors.area(Vectors.bin("labels-after-init.bin"));
        area.createNamespace(CreateRequest.raw(FSDAX, "a", 64 * MIB, Vectors.PMEM_SIZE, Vectors.COOKIE_V11));
        Namespace raw = area.createNamespace(
                CreateRequest.raw(RAW, "raw-ns", 32 * MIB, Vectors.PMEM_SIZE, Vectors.COOKIE_V11));
        NamespaceLabel expected = NamespaceLabel.parse(Vectors.bin("labels-after-create.bin"), 512 + 2 * 128,
                LabelVersion.V1_1);
        assertThat(raw.labels()).containsExactly(expected);
    }

    @Test
    void allocatesFirstFitAtSixteenMebibytesWithinThePmemRange() {
        LabelStorageArea area = Vectors.area(Vectors.bin("labels-after-create.bin"));
        // 160 MiB used of 240 usable MiB (255.875 MiB PMEM, 16 MiB alignment): 80 MiB left
        assertThatThrownBy(() -> area.createNamespace(
                CreateRequest.raw(UUID.randomUUID(), "big", 96 * MIB, Vectors.PMEM_SIZE, Vectors.COOKIE_V11)))
                .isInstanceOf(LabelAreaException.class).hasMessageContaining("not enough free space");
        Namespace ns = area.createNamespace(
                CreateRequest.raw(UUID.randomUUID(), "fits", 80 * MIB, Vectors.PMEM_SIZE, Vectors.COOKIE_V11));
        assertThat(ns.dpa()).isEqualTo(160 * MIB);

        assertThat(area.destroyNamespace(RAW)).isEqualTo(1);
        Namespace hole = area.createNamespace(
                CreateRequest.raw(UUID.randomUUID(), "hole", 16 * MIB, Vectors.PMEM_SIZE, Vectors.COOKIE_V11));
        assertThat(hole.dpa()).as("first fit: the hole raw-ns left").isEqualTo(64 * MIB);
    }

    @Test
    void firstFitTakesAGapOfExactlyTheSizeAndTheLastBytesOfPmem() {
        List<NamespaceLabel> busy = List.of(label(0, 16 * MIB), label(48 * MIB, 16 * MIB));
        assertThat(LabelAllocation.dpa(busy, 32 * MIB, 256 * MIB, 16 * MIB)).isEqualTo(16 * MIB);
        assertThat(LabelAllocation.dpa(busy, 192 * MIB, 256 * MIB, 16 * MIB)).isEqualTo(64 * MIB);
        assertThatThrownBy(() -> LabelAllocation.dpa(busy, 208 * MIB, 256 * MIB, 16 * MIB))
                .isInstanceOf(LabelAreaException.class);
    }

    private static NamespaceLabel label(long dpa, long size) {
        return new NamespaceLabel(LabelVersion.V1_1, UUID.randomUUID(), "", 0, 1, 0, 0, 512, dpa, size, 0, 0,
                null, null, 0);
    }

    @Test
    void aNamespaceOfSizeZeroIsRefused() {
        LabelStorageArea area = Vectors.area(Vectors.bin("labels-after-init.bin"));
        assertThatThrownBy(() -> area.createNamespace(
                CreateRequest.raw(UUID.randomUUID(), "empty", 0, Vectors.PMEM_SIZE, Vectors.COOKIE_V11)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(area.namespaces()).isEmpty();
    }

    @Test
    void aRequestWithoutTypeGuidIsPersistentMemoryAndAlignmentMustBePositive() {
        CreateRequest r = new CreateRequest(UUID.randomUUID(), null, 16 * MIB, 0, 0, 512, 16 * MIB, null, null);
        assertThat(r.name()).isEmpty();
        assertThat(r.typeGuid()).isEqualTo(NamespaceLabel.PMEM_TYPE_GUID);
        assertThat(r.abstractionGuid()).isEqualTo(NamespaceLabel.NULL_GUID);
        assertThat(new CreateRequest(UUID.randomUUID(), "", 16 * MIB, 0, 0, 512, 16 * MIB, NamespaceLabel.BTT_GUID,
                null).typeGuid()).isEqualTo(NamespaceLabel.BTT_GUID);
        assertThatThrownBy(() -> new CreateRequest(UUID.randomUUID(), "", 16 * MIB, 0, 0, 512, 0, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("align must be positive");
    }

    @Test
    void aLabelRoundTripsEveryFieldAndAParsedV12LabelKeepsItsStoredChecksum() {
        NamespaceLabel l = new NamespaceLabel(LabelVersion.V1_2, UUID.randomUUID(), "n".repeat(63),
                NamespaceLabel.FLAG_UPDATING, 2, 1, 0x1122334455667788L, 4096, 16 * MIB, 32 * MIB, 7, 3,
                NamespaceLabel.PMEM_TYPE_GUID, NamespaceLabel.BTT_GUID, 0);
        byte[] area = new byte[3 * 256];
        System.arraycopy(l.encode(), 0, area, 512, 256);
        NamespaceLabel parsed = NamespaceLabel.parse(area, 512, LabelVersion.V1_2);
        assertThat(parsed).usingRecursiveComparison().ignoringFields("checksum").isEqualTo(l);
        assertThat(parsed.checksum()).isNotZero().isEqualTo(Le.u64(area, 512 + NamespaceLabel.CHECKSUM));
        assertThat(NamespaceLabel.checksumValid(area, 512, LabelVersion.V1_2)).isTrue();
        assertThatThrownBy(() -> new NamespaceLabel(LabelVersion.V1_2, UUID.randomUUID(), "n".repeat(64), 0, 1, 0,
                0, 512, 0, MIB, 0, 0, null, null, 0).encode()).isInstanceOf(IllegalArgumentException.class);
    }

    /** Found by LabelAreaFuzzTest: 22 bytes 0xFF in a name decode to 66 bytes of U+FFFD, and parsing threw. */
    @Test
    void aStoredNameThatFillsItsFieldOrIsNotUtf8IsReadAsItIs() {
        byte[] area = new byte[256];
        java.util.Arrays.fill(area, NamespaceLabel.NAME, NamespaceLabel.NAME + NamespaceLabel.NAME_LEN, (byte) 'n');
        assertThat(NamespaceLabel.parse(area, 0, LabelVersion.V1_1).name()).isEqualTo("n".repeat(64));
        java.util.Arrays.fill(area, NamespaceLabel.NAME, NamespaceLabel.NAME + 22, (byte) 0xFF);
        area[NamespaceLabel.NAME + 22] = 0;
        assertThat(NamespaceLabel.parse(area, 0, LabelVersion.V1_1).name()).isEqualTo("\uFFFD".repeat(22));
    }

    @Test
    void rejectsUnalignedSizesAndDuplicateUuids() {
        LabelStorageArea area = Vectors.area(Vectors.bin("labels-after-create.bin"));
        assertThatThrownBy(() -> area.createNamespace(
                CreateRequest.raw(UUID.randomUUID(), "odd", 20 * MIB, Vectors.PMEM_SIZE, 0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> area.createNamespace(CreateRequest.raw(RAW, "again", 16 * MIB, Vectors.PMEM_SIZE, 0)))
                .isInstanceOf(LabelAreaException.class).hasMessageContaining("already exists");
        assertThatThrownBy(() -> CreateRequest.raw(UUID.randomUUID(), "x".repeat(64), 16 * MIB, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("63");
        assertThat(CreateRequest.raw(UUID.randomUUID(), "x".repeat(63), 16 * MIB, 0, 0).name()).hasSize(63);
    }

    @Test
    void destroyFreesTheSlotsInOneIndexWriteAndLeavesTheLabelsInPlace() {
        InMemoryLabelStore store = InMemoryLabelStore.qemu(Vectors.bin("labels-after-create.bin"));
        LabelStorageArea area = new LabelStorageArea(store);
        area.namespaces();
        store.clearAccesses();
        assertThat(store.accesses()).isEmpty();
        assertThat(area.destroyNamespaceByName("sector-ns")).isEqualTo(1);
        assertThat(store.writes()).containsExactly(
                new InMemoryLabelStore.Access(InMemoryLabelStore.Access.Kind.WRITE, 256, 256));
        Detection d = area.detect();
        assertThat(d.current()).isEqualTo(1);
        assertThat(d.currentIndex().seq()).isEqualTo(3);
        assertThat(d.currentIndex().usedSlots()).containsExactly(1, 2, 4);
        assertThat(area.namespaces()).extracting(Namespace::name).containsExactly("fsdax-ns", "raw-ns", "devdax-ns");
        assertThat(area.dump().labels()).as("read-labels still shows every slot").hasSize(5);

        assertThat(area.destroyNamespace(UUID.randomUUID())).isZero();
        assertThat(area.destroyAllNamespaces()).isEqualTo(3);
        assertThat(area.namespaces()).isEmpty();
        assertThat(area.detect().currentIndex().usedSlots()).isEmpty();
        assertThat(area.destroyAllNamespaces()).isZero();
    }

    @Test
    void runsOutOfSlots() {
        byte[] small = new byte[1024]; // 4 slots of 128 bytes, 256-byte index blocks
        LabelStorageArea area = new LabelStorageArea(new InMemoryLabelStore(small, 4076));
        area.initLabels(LabelVersion.V1_1, false);
        assertThat(area.detect().geometry().nslot()).isEqualTo(4);
        area.createNamespace(CreateRequest.raw(UUID.randomUUID(), "a", 16 * MIB, 1L << 30, 1));
        area.createNamespace(CreateRequest.raw(UUID.randomUUID(), "b", 16 * MIB, 1L << 30, 1));
        area.createNamespace(CreateRequest.raw(UUID.randomUUID(), "c", 16 * MIB, 1L << 30, 1));
        assertThatThrownBy(() -> area.createNamespace(CreateRequest.raw(UUID.randomUUID(), "d", 16 * MIB, 1L << 30, 1)))
                .isInstanceOf(LabelAreaException.class).hasMessage("no free label slot");
        assertThat(area.checkLabels().ok()).isTrue();
        assertThat(area.dump().labels()).as("read-labels shows every slot up to the end of the area")
                .extracting(NamespaceLabel::slot).containsExactly(0, 1, 2, 3);
        assertThat(area.size()).isEqualTo(1024);
    }

    @Test
    void checkLabelsReportsLabelsLinuxWouldIgnore() {
        byte[] image = Vectors.bin("labels-v1.2-after-create.bin");
        image[768 + 16] ^= 1; // the active label's name, checksum now wrong
        CheckReport r = Vectors.area(image).checkLabels();
        assertThat(r.ok()).isTrue();
        assertThat(r.messages()).containsExactly("slot 1: label checksum mismatch");
        assertThat(Vectors.area(image).activeLabels()).isEmpty();

        byte[] moved = Vectors.bin("labels-after-create.bin");
        Le.put32(moved, 512 + 128 + NamespaceLabel.SLOT, 7);
        assertThat(Vectors.area(moved).checkLabels().messages()).containsExactly("slot 1: label says slot 7");
    }

    @Test
    void checkLabelsNamesABrokenIndexWhileTheOtherCarriesOn() {
        byte[] image = Vectors.bin("labels-after-create.bin");
        image[0] = 0;
        LabelStorageArea area = Vectors.area(image);
        assertThat(area.detect().current()).isEqualTo(1);
        assertThat(area.checkLabels().messages()).containsExactly("index0: signature is not NAMESPACE_INDEX");
        assertThat(area.detect().messages()).as("only the invalid block is named")
                .containsExactly("index0 (128-byte labels): signature is not NAMESPACE_INDEX");
        assertThat(area.activeLabels()).extracting(NamespaceLabel::slot).containsExactly(0, 1, 2, 3);
    }
}
