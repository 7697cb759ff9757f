package dev.vnvdimm.emulator.dimm;

import dev.vnvdimm.emulator.QemuError;
import dev.vnvdimm.emulator.hostmem.HostMemoryBackend;
import java.util.Optional;

/**
 * A DIMM in the device-memory region (QEMU hw/mem/pc-dimm.c): the part {@code pc-dimm} and
 * {@code nvdimm} share. Slot and address are decided at plug time by {@link DeviceMemoryRegion}.
 */
public abstract sealed class DimmDevice permits PcDimm, Nvdimm {
    private final Optional<String> id;
    private final HostMemoryBackend memdev; // null until checked: QEMU reports a missing memdev at plug time
    private final int node;
    private int slot;
    private long addr;
    private boolean hotplugged;

    protected DimmDevice(Optional<String> id, HostMemoryBackend memdev, int node) {
        this.id = id;
        this.memdev = memdev;
        this.node = node;
    }

    /** QEMU's QOM type name ({@code pc-dimm}, {@code nvdimm}). */
    public abstract String typeName();

    /** The type {@code info memory-devices} / {@code query-memory-devices} reports ({@code dimm}, {@code nvdimm}). */
    public abstract String memoryDeviceType();

    /** Bytes of guest-physical space the device occupies: the backend, or for an NVDIMM its PMEM part. */
    public abstract long size();

    /**
     * Sets up the device's guest-visible region (QEMU's {@code get_memory_region} during pre-plug) and
     * returns its size; this is where a missing memdev and, for an NVDIMM, the label/size rules fail.
     */
    public long prepareMemoryRegion() {
        requireMemdev();
        return size();
    }

    protected final HostMemoryBackend requireMemdev() {
        if (memdev == null) {
            throw new QemuError("'memdev' property must be set");
        }
        return memdev;
    }

    /** The alignment of the device's region (the backend's). */
    public long alignment() {
        return requireMemdev().alignment();
    }

    public Optional<String> id() {
        return id;
    }

    public String displayId() {
        return id.orElse("(unnamed)");
    }

    public HostMemoryBackend memdev() {
        return requireMemdev();
    }

    public boolean hasMemdev() {
        return memdev != null;
    }

    public int node() {
        return node;
    }

    public int slot() {
        return slot;
    }

    public long addr() {
        return addr;
    }

    public boolean hotplugged() {
        return hotplugged;
    }

    void place(int slot, long addr, boolean hotplugged) {
        this.slot = slot;
        this.addr = addr;
        this.hotplugged = hotplugged;
    }

    public MemoryDeviceInfo info() {
        return new MemoryDeviceInfo(memoryDeviceType(), id.orElse(""), addr, slot, node, size(),
                requireMemdev().canonicalPath(), hotplugged, true);
    }
}
