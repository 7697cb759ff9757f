package dev.vnvdimm.emulator.dimm;

import dev.vnvdimm.emulator.QemuError;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Plugs a DIMM into the machine with QEMU's checks in QEMU's order (hw/i386/pc.c {@code pc_memory_pre_plug},
 * hw/mem/pc-dimm.c {@code pc_dimm_pre_plug}/{@code pc_dimm_realize}, hw/mem/memory-device.c):
 * nvdimm enabled, slot, device memory present, memory region (label and size rules), space and address,
 * then memdev busy and NUMA node. Nothing is marked used unless every check passes.
 */
public final class DimmPlugger {
    private final boolean nvdimmEnabled;
    private final DimmSlots slots;
    private final Optional<DeviceMemoryRegion> deviceMemory;
    private final int numaNodes;
    private final Consumer<String> warnings;

    /** @param numaNodes the number of {@code -numa node} entries (0 when none) */
    public DimmPlugger(boolean nvdimmEnabled, DimmSlots slots, Optional<DeviceMemoryRegion> deviceMemory,
                       int numaNodes, Consumer<String> warnings) {
        this.nvdimmEnabled = nvdimmEnabled;
        this.slots = slots;
        this.deviceMemory = deviceMemory;
        this.numaNodes = numaNodes;
        this.warnings = warnings;
    }

    /**
     * @param requestedSlot {@link DimmSlots#UNASSIGNED} for automatic
     * @param requestedAddr null for automatic (QEMU treats {@code addr=0} the same way)
     */
    public void plug(DimmDevice dimm, int requestedSlot, Long requestedAddr, boolean hotplug) {
        // pre-plug
        if (dimm instanceof Nvdimm && !nvdimmEnabled) {
            throw new QemuError("nvdimm is not enabled: missing 'nvdimm' in '-M'");
        }
        int slot = slots.assign(requestedSlot);
        DeviceMemoryRegion region = deviceMemory.orElseThrow(() -> new QemuError(
                "the configuration is not prepared for memory devices (e.g., for memory hotplug), "
                        + "consider specifying the maxmem option"));
        long size = dimm.prepareMemoryRegion();
        long align = dimm.alignment();
        if (size % align != 0) {
            throw new QemuError(String.format("backend memory size must be multiple of 0x%x", align));
        }
        Long hint = requestedAddr == null || requestedAddr == 0 ? null : requestedAddr;
        long addr = region.assignAddress(hint, align, size, warnings);
        // realize
        dimm.memdev().usedBy().ifPresent(owner -> {
            throw new QemuError("can't use already busy memdev: " + dimm.memdev().id());
        });
        if ((numaNodes > 0 && dimm.node() >= numaNodes) || (numaNodes == 0 && dimm.node() != 0)) {
            throw new QemuError("'DIMM property node has value " + Integer.toUnsignedString(dimm.node())
                    + "' which exceeds the number of numa nodes: " + Math.max(numaNodes, 1));
        }
        // plug
        dimm.place(slot, addr, hotplug);
        slots.occupy(slot);
        region.plug(dimm);
        dimm.memdev().markUsedBy(dimm.displayId());
    }
}
