package dev.vnvdimm.emulator.dimm;

/**
 * What QMP {@code query-memory-devices} and HMP {@code info memory-devices} report for one DIMM
 * (QEMU hw/mem/pc-dimm.c {@code pc_dimm_md_fill_device_info}).
 */
public record MemoryDeviceInfo(String type, String id, long addr, int slot, int node, long size, String memdev,
                               boolean hotplugged, boolean hotpluggable) {

    /** The HMP {@code info memory-devices} text for this device. */
    public String toHmp() {
        return "Memory device [" + type + "]: \"" + id + "\"\n"
                + "  addr: 0x" + Long.toHexString(addr) + "\n"
                + "  slot: " + slot + "\n"
                + "  node: " + node + "\n"
                + "  size: " + size + "\n"
                + "  memdev: " + memdev + "\n"
                + "  hotplugged: " + hotplugged + "\n"
                + "  hotpluggable: " + hotpluggable + "\n";
    }
}
