package dev.vnvdimm.abi.acpi;

import dev.vnvdimm.abi.dsm.DsmHandles;

/**
 * One NVDIMM as the NFIT describes it: the facts QEMU's {@code nvdimm_build_structure_*} read from a
 * realized {@code nvdimm} device (spec notes §2.3–2.5).
 *
 * <p>All NFIT identifiers derive from the slot, exactly as QEMU numbers them: the NFIT device handle is
 * {@code slot + 1} (also the {@code _ADR} of the {@code NVxx} device in the SSDT), the SPA range index
 * is {@code (slot + 1) << 1}, the control region index is the SPA range index plus one, and the serial
 * number is {@code 0x123456 + slot}.
 *
 * @param slot     the memory-device slot (0-based)
 * @param address  guest physical base of the persistent memory range (the DIMM's {@code addr})
 * @param size     length of the persistent memory range (backend size minus label area, aligned)
 * @param node     NUMA node, written as the proximity domain
 * @param unarmed  the device's {@code unarmed=on}: the memory device map carries "not armed"
 */
public record NfitNvdimm(int slot, long address, long size, int node, boolean unarmed) {

    /** Serial number of slot 0; QEMU adds the slot (hw/acpi/nvdimm.c). */
    public static final long SERIAL_NUMBER_BASE = 0x123456;

    /** Largest slot whose control region index (2 * slot + 3) still fits the 16-bit NFIT index fields. */
    public static final int MAX_SLOT = 0x7FFE;

    public NfitNvdimm {
        if (slot < 0 || slot > MAX_SLOT) {
            throw new IllegalArgumentException("NVDIMM slot " + slot + " outside [0, " + MAX_SLOT + "]");
        }
        if (address < 0 || size < 0) {
            throw new IllegalArgumentException("NVDIMM range must be non-negative: addr " + address + " size " + size);
        }
        if (node < 0) {
            throw new IllegalArgumentException("NUMA node must be non-negative: " + node);
        }
    }

    /** The NFIT device handle, {@code slot + 1}; handle 0 is the root device. */
    public int handle() {
        return DsmHandles.ofSlot(slot);
    }

    /** The SPA range structure index, {@code (slot + 1) << 1}. */
    public int spaRangeIndex() {
        return (slot + 1) << 1;
    }

    /** The NVDIMM control region structure index, one above the SPA range index. */
    public int controlRegionIndex() {
        return spaRangeIndex() + 1;
    }

    /** The control region's serial number, {@code 0x123456 + slot}. */
    public long serialNumber() {
        return SERIAL_NUMBER_BASE + slot;
    }
}
