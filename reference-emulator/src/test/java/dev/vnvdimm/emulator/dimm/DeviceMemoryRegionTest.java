package dev.vnvdimm.emulator.dimm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vnvdimm.emulator.QemuError;
import dev.vnvdimm.emulator.hostmem.BackendOptions;
import dev.vnvdimm.emulator.hostmem.MemoryBackendRam;
import dev.vnvdimm.emulator.hostmem.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeviceMemoryRegionTest {
    private static final long MIB = 1 << 20;
    private static final long BASE = 0x1_0000_0000L;
    private final List<MemoryBackendRam> backends = new ArrayList<>();

    @AfterEach
    void unmap() {
        backends.forEach(MemoryBackendRam::close);
    }

    private PcDimm dimm(String id, long size) {
        MemoryBackendRam b = MemoryBackendRam.create(BackendOptions.of("b" + id, size), Progress.NONE);
        backends.add(b);
        return new PcDimm(Optional.of(id), b, 0);
    }

    private DimmPlugger plugger(DeviceMemoryRegion region, int slots) {
        return new DimmPlugger(true, new DimmSlots(slots), Optional.of(region), 0, w -> { });
    }

    @Test
    void firstFitSkipsOccupiedRangesInAddressOrder() {
        DeviceMemoryRegion r = new DeviceMemoryRegion(BASE, 1L << 32, 1L << 32);
        DimmPlugger p = plugger(r, 4);
        PcDimm high = dimm("high", 8 * MIB);
        p.plug(high, DimmSlots.UNASSIGNED, BASE + 16 * MIB, false);
        PcDimm fitsBefore = dimm("a", 16 * MIB);
        p.plug(fitsBefore, DimmSlots.UNASSIGNED, null, false);
        PcDimm after = dimm("b", 4 * MIB);
        p.plug(after, DimmSlots.UNASSIGNED, null, false);
        assertThat(fitsBefore.addr()).isEqualTo(BASE);
        assertThat(after.addr()).isEqualTo(BASE + 24 * MIB);
        assertThat(List.of(high.slot(), fitsBefore.slot(), after.slot())).containsExactly(0, 1, 2);
        assertThat(r.usedSize()).isEqualTo(28 * MIB);
        assertThat(r.capacity()).isEqualTo(1L << 32);
        assertThat(r.devices()).as("plug order").containsExactly(high, fitsBefore, after);
        assertThat(r.deviceAt(BASE + 16 * MIB)).contains(high);
        assertThat(r.deviceAt(BASE + 24 * MIB - 1)).contains(high);
        assertThat(r.deviceAt(BASE + 24 * MIB)).contains(after);
        assertThat(r.deviceAt(BASE + 28 * MIB)).isEmpty();
        assertThat(r.deviceAt(BASE - 1)).isEmpty();
        assertThat(high.hotplugged()).isFalse();
        assertThat(high.typeName()).isEqualTo("pc-dimm");
        assertThat(high.memoryDeviceType()).isEqualTo("dimm");
    }

    @Test
    void aFailedPlugLeavesSlotsAndSpaceUntouched() {
        DeviceMemoryRegion r = new DeviceMemoryRegion(BASE, 1L << 32, 8 * MIB);
        DimmSlots slots = new DimmSlots(2);
        DimmPlugger p = new DimmPlugger(true, slots, Optional.of(r), 0, w -> { });
        PcDimm big = dimm("big", 16 * MIB);
        assertThatThrownBy(() -> p.plug(big, DimmSlots.UNASSIGNED, null, false)).isInstanceOf(QemuError.class)
                .hasMessage("not enough space, currently 0x0 in use of total space for memory devices 0x800000");
        assertThat(slots.isBusy(0)).isFalse();
        assertThat(r.devices()).isEmpty();
        assertThat(big.memdev().usedBy()).isEmpty();
    }

    @Test
    void aRegionThatIsFullReportsFragmentation() {
        DeviceMemoryRegion r = new DeviceMemoryRegion(BASE, 6 * MIB, 1L << 32);
        DimmPlugger p = plugger(r, 4);
        p.plug(dimm("a", 4 * MIB), DimmSlots.UNASSIGNED, BASE + 2 * MIB, false);
        assertThatThrownBy(() -> p.plug(dimm("b", 4 * MIB), DimmSlots.UNASSIGNED, null, false))
                .hasMessage("could not find position in guest address space for memory device - "
                        + "memory fragmented due to alignments");
    }

    @Test
    void zeroSlotsPrintsQemusUnsignedRange() {
        DimmSlots none = new DimmSlots(0);
        assertThatThrownBy(() -> none.assign(0))
                .hasMessage("invalid slot number 0, valid range is [0-18446744073709551615]");
        assertThatThrownBy(() -> none.assign(DimmSlots.UNASSIGNED))
                .hasMessage("no slots where allocated, please specify the 'slots' option");
    }

    @Test
    void anNvdimmLabelAreaIsTheBackendTailAndIsBoundsChecked() {
        MemoryBackendRam b = MemoryBackendRam.create(BackendOptions.of("nvm", 8 * MIB), Progress.NONE);
        backends.add(b);
        Nvdimm nv = new Nvdimm(Optional.of("nv"), b, 0, 128 << 10, false, new UUID(0, 0));
        assertThat(nv.prepareMemoryRegion()).isEqualTo(6 * MIB); // (8M - 128K) rounded down to 2 MiB
        LabelArea area = nv.labelArea().orElseThrow();
        assertThat(area.offsetInBackend()).isEqualTo(8 * MIB - (128 << 10));
        area.write(0x1FFF0, new byte[] {1, 2, 3, 4});
        assertThat(b.memory().read(8 * MIB - 16, 4)).containsExactly(1, 2, 3, 4);
        area.write(0x1FFFC, new byte[] {5, 6, 7, 8});
        assertThat(area.read(0x1FFFC, 4)).as("up to the last byte of the area").containsExactly(5, 6, 7, 8);
        byte[] before = area.read(0, 128 << 10);
        byte[] pmemTail = b.memory().read(area.offsetInBackend() - 4, 4);
        assertThatThrownBy(() -> area.write(0x1FFF0, new byte[17])).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> area.write(-4, new byte[4])).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> area.read(0x1FFFD, 4)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> area.read(-4, 4)).as("the PMEM before the area is not label data")
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(area.read(0, 128 << 10)).isEqualTo(before);
        assertThat(b.memory().read(area.offsetInBackend() - 4, 4)).isEqualTo(pmemTail);
        assertThat(nv.isReadOnly()).isFalse();
    }
}
