package dev.vnvdimm.emulator.dimm;

import dev.vnvdimm.emulator.QemuError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The guest-physical window DIMMs are plugged into (QEMU's {@code device_memory}; hw/mem/memory-device.c),
 * with the machine's {@code slots}: it hands out slots and addresses exactly as QEMU does —
 * lowest free slot, first-fit address in address order, aligned to the device's alignment.
 */
public final class DeviceMemoryRegion {
    private final long base;
    private final long size;
    /** maxmem - ram size: how much device memory may be plugged in all (QEMU checks this, not the window). */
    private final long capacity;
    /** Copy-on-write: the guest looks devices up while a hot plug adds one. */
    private final List<DimmDevice> plugged = new CopyOnWriteArrayList<>();
    private volatile long used;

    public DeviceMemoryRegion(long base, long size, long capacity) {
        this.base = base;
        this.size = size;
        this.capacity = capacity;
    }

    public long base() {
        return base;
    }

    public long size() {
        return size;
    }

    public long capacity() {
        return capacity;
    }

    public long usedSize() {
        return used;
    }

    /** Plugged devices in plug order. */
    public List<DimmDevice> devices() {
        return List.copyOf(plugged);
    }

    /**
     * The address for a device of {@code size} bytes and {@code align} alignment: the user's {@code hint}
     * after checking it, or the first gap that fits (QEMU {@code memory_device_get_free_addr}).
     */
    long assignAddress(Long hint, long align, long devSize, Consumer<String> warnings) {
        if (used + devSize > capacity) {
            throw new QemuError(String.format(
                    "not enough space, currently 0x%x in use of total space for memory devices 0x%x", used, capacity));
        }
        if (base % align != 0) {
            warnings.accept(String.format("warning: the alignment (0x%x) exceeds the expected maximum alignment, "
                    + "memory will get fragmented and not all 'maxmem' might be usable for memory devices.", align));
        }
        if (hint != null && hint % align != 0) {
            throw new QemuError(String.format("address must be aligned to 0x%x bytes", align));
        }
        long start;
        if (hint != null) {
            if (!fits(hint, devSize)) {
                throw new QemuError(String.format(
                        "can't add memory device [0x%x:0x%x], usable range for memory devices [0x%x:0x%x]",
                        hint, devSize, base, size));
            }
            start = hint;
        } else {
            start = alignUp(base, align);
            if (start + devSize - 1 < start) {
                throw new QemuError("can't add memory device, device too big");
            }
        }
        List<DimmDevice> byAddress = new ArrayList<>(plugged);
        byAddress.sort(Comparator.comparingLong(DimmDevice::addr));
        for (DimmDevice d : byAddress) {
            long dEnd = d.addr() + d.size() - 1;
            long newEnd = start + devSize - 1;
            boolean overlaps = d.addr() <= newEnd && start <= dEnd;
            if (overlaps) {
                if (hint != null) {
                    throw new QemuError("address range conflicts with memory device id='" + d.displayId() + "'");
                }
                long next = alignUp(dEnd + 1, align);
                if (next == 0 || next + devSize - 1 < next) {
                    throw fragmented();
                }
                start = next;
            } else if (d.addr() > newEnd) {
                break;
            }
        }
        if (!fits(start, devSize)) {
            throw fragmented();
        }
        return start;
    }

    private boolean fits(long start, long len) {
        long end = start + len - 1;
        return len > 0 && end >= start && start >= base && end <= base + size - 1;
    }

    private static QemuError fragmented() {
        return new QemuError("could not find position in guest address space for memory device - "
                + "memory fragmented due to alignments");
    }

    void plug(DimmDevice d) {
        plugged.add(d);
        used += d.size();
    }

    /** The device whose guest-physical range contains {@code gpa}, if any. */
    public Optional<DimmDevice> deviceAt(long gpa) {
        return plugged.stream().filter(d -> gpa >= d.addr() && gpa - d.addr() < d.size()).findFirst();
    }

    static long alignUp(long v, long a) {
        return (v + a - 1) & -a;
    }
}
