package dev.vnvdimm.guest.nvdimm;

import dev.vnvdimm.abi.acpi.NfitStructure;
import dev.vnvdimm.abi.dsm.IntelDsm;
import dev.vnvdimm.guest.aml.runtime.NamespaceNode;
import dev.vnvdimm.guest.labels.LabelStorageArea;
import java.util.Optional;

/**
 * One NVDIMM as the guest's driver knows it ({@code nmemN}): its NFIT description, its ACPI device, the
 * command family and functions its {@code _DSM} offers, and — when it has one — its label area.
 *
 * @param family    index into {@link DsmUuids#FAMILIES}, or -1 when no family answered
 * @param dsmMask   the functions the family offers (Linux's {@code nfit/dsm_mask})
 */
public record Nmem(int index, NfitStructure.MemoryDeviceMap map, NfitStructure.ControlRegion controlRegion,
                   NamespaceNode device, int family, long dsmMask, Optional<DsmLabelStore> labelStore) {

    /** NFIT memory device flag 3: not armed (the region is read-only). */
    public static final int FLAG_NOT_ARMED = 1 << 3;

    public String dev() {
        return "nmem" + index;
    }

    public long handle() {
        return map.deviceHandle();
    }

    public int physId() {
        return map.physicalId();
    }

    /** Linux's DIMM id: vendor id and serial number printed big-endian, {@code 8680-56341200} for QEMU's slot 0. */
    public String id() {
        int vendor = Short.reverseBytes((short) controlRegion.vendorId()) & 0xFFFF;
        long serial = Integer.reverseBytes((int) controlRegion.serialNumber()) & 0xFFFF_FFFFL;
        return String.format("%04x-%08x", vendor, serial);
    }

    public boolean unarmed() {
        return (map.flags() & FLAG_NOT_ARMED) != 0;
    }

    /** True when the family offers Get/Set Namespace Label Data (functions 4, 5 and 6). */
    public boolean hasLabelFunctions() {
        return family == 0 && (dsmMask & IntelDsm.LABEL_FUNCTIONS) == IntelDsm.LABEL_FUNCTIONS;
    }

    public Optional<LabelStorageArea> labels() {
        return labelStore.map(LabelStorageArea::new);
    }

    /** The label area as ndctl's label commands write it: see {@link IoctlLabelStore}. */
    public Optional<LabelStorageArea> labelsThroughIoctl() {
        return labelStore.map(s -> new LabelStorageArea(new IoctlLabelStore(s)));
    }
}
