package dev.vnvdimm.guest.labels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnvdimm.guest.labels.InMemoryLabelStore.Access;
import java.util.List;
import java.util.UUID;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ChunkingTest {

    @Test
    void aWholeAreaReadAtQemusMaxTransferTakesThirtyThreeCalls() {
        InMemoryLabelStore store = InMemoryLabelStore.qemu(new byte[Vectors.AREA]);
        new LabelStorageArea(store).readAll();
        List<Access> reads = store.accesses();
        assertThat(reads).hasSize(33);
        assertThat(reads.subList(0, 32)).allMatch(a -> a.length() == 4076);
        assertThat(reads.get(32)).isEqualTo(new Access(Access.Kind.READ, 32 * 4076, 640));
    }

    @ParameterizedTest(name = "max transfer {0}")
    @ValueSource(ints = {1, 3, 64, 100, 255, 256, 257, 4076, 131072})
    void noCallEverExceedsMaxTransfer(int max) {
        InMemoryLabelStore store = new InMemoryLabelStore(new byte[Vectors.AREA], max);
        LabelStorageArea area = new LabelStorageArea(store);
        area.initLabels(LabelVersion.V1_2, false);
        UUID id = UUID.randomUUID();
        area.createNamespace(CreateRequest.raw(id, "chunks", 32L << 20, Vectors.PMEM_SIZE, 7));
        area.dump();
        area.checkLabels();
        area.destroyNamespace(id);
        area.writeAll(area.readAll());
        area.zeroLabels();

        assertThat(store.accesses()).isNotEmpty().allMatch(a -> a.length() > 0 && a.length() <= max);
    }

    @Test
    void aTransferIsSplitInAddressOrder() {
        InMemoryLabelStore store = new InMemoryLabelStore(new byte[Vectors.AREA], 256);
        LabelStorageArea area = new LabelStorageArea(store);
        byte[] data = new byte[1000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        area.write(300, data);
        assertThat(area.read(300, 1000)).isEqualTo(data);
        assertThat(store.accesses()).containsExactly(
                new Access(Access.Kind.WRITE, 300, 256), new Access(Access.Kind.WRITE, 556, 256),
                new Access(Access.Kind.WRITE, 812, 256), new Access(Access.Kind.WRITE, 1068, 232),
                new Access(Access.Kind.READ, 300, 256), new Access(Access.Kind.READ, 556, 256),
                new Access(Access.Kind.READ, 812, 256), new Access(Access.Kind.READ, 1068, 232));
    }

    @Test
    void theInMemoryStoreRejectsWhatQemuWould() {
        InMemoryLabelStore store = InMemoryLabelStore.qemu(new byte[Vectors.AREA]);
        Assertions.assertThatThrownBy(() -> store.read(0, 4077))
                .isInstanceOf(IllegalArgumentException.class);
        Assertions.assertThatThrownBy(() -> store.read(Vectors.AREA - 4, 8))
                .isInstanceOf(IllegalArgumentException.class);
        Assertions.assertThatThrownBy(() -> store.write(0, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
