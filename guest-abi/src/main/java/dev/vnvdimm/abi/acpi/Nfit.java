package dev.vnvdimm.abi.acpi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The NVDIMM Firmware Interface Table (ACPI 6.4 §5.2.25) as QEMU builds it: the byte layout of the table
 * and of the four structure types QEMU emits, and the builder from {@link NfitNvdimm} records.
 *
 * <p>Two outputs share one body. The <em>FIT</em> is the concatenated structures — what {@code _FIT}
 * returns and what QEMU's Read FIT DSM hands out in pieces. The <em>NFIT table</em> is the 36-byte
 * standard header, four reserved bytes, then the FIT. Per NVDIMM QEMU writes an SPA Range, a Memory
 * Device to SPA Range Map and a Control Region, in that order; the Platform Capabilities structure comes
 * once, at the end, and only when {@code nvdimm-persistence} was given (spec notes §2.1–2.6).
 */
public final class Nfit {

    public static final String SIGNATURE = "NFIT";
    /** QEMU's NFIT revision (hw/acpi/nvdimm.c {@code nvdimm_build_nfit}). */
    public static final int REVISION = 1;
    /** The four reserved bytes after the standard header. */
    public static final int RESERVED = AcpiTableHeader.SIZE;
    /** Offset of the first structure. */
    public static final int STRUCTURES = RESERVED + 4;

    /** The header every structure starts with (ACPI 6.4 §5.2.25). */
    public static final class Structure {
        public static final int TYPE = 0;
        public static final int LENGTH = 2;
        public static final int HEADER_SIZE = 4;

        private Structure() {
        }
    }

    /** System Physical Address Range Structure (ACPI 6.4 §5.2.25.2). */
    public static final class SpaRange {
        public static final int STRUCTURE_TYPE = 0;
        public static final int SIZE = 56;
        public static final int RANGE_INDEX = 4;
        public static final int FLAGS = 6;
        public static final int RESERVED = 8;
        public static final int PROXIMITY_DOMAIN = 12;
        public static final int RANGE_TYPE_GUID = 16;
        public static final int RANGE_BASE = 32;
        public static final int RANGE_LENGTH = 40;
        public static final int MEMORY_MAPPING_ATTRIBUTE = 48;

        /** Flag bit 0: the control region is only for hot add / online operations. */
        public static final int FLAG_ADD_ONLINE_ONLY = 1;
        /** Flag bit 1: the Proximity Domain field is valid. */
        public static final int FLAG_PROXIMITY_DOMAIN_VALID = 1 << 1;
        /** Address range type GUID for persistent memory. */
        public static final UUID PERSISTENT_MEMORY = UUID.fromString("66f0d379-b4f3-4074-ac43-0d3318b78cdb");
        /** UEFI memory attributes: write-back cacheable (EFI_MEMORY_WB) and non-volatile (EFI_MEMORY_NV). */
        public static final long EFI_MEMORY_WB = 0x8;
        public static final long EFI_MEMORY_NV = 0x8000;

        private SpaRange() {
        }
    }

    /** Memory Device to SPA Range Map / NVDIMM Region Mapping Structure (ACPI 6.4 §5.2.25.3). */
    public static final class MemoryDeviceMap {
        public static final int STRUCTURE_TYPE = 1;
        public static final int SIZE = 48;
        public static final int DEVICE_HANDLE = 4;
        public static final int PHYSICAL_ID = 8;
        public static final int REGION_ID = 10;
        public static final int SPA_RANGE_INDEX = 12;
        public static final int CONTROL_REGION_INDEX = 14;
        public static final int REGION_SIZE = 16;
        public static final int REGION_OFFSET = 24;
        public static final int REGION_DPA = 32;
        public static final int INTERLEAVE_INDEX = 40;
        public static final int INTERLEAVE_WAYS = 42;
        public static final int FLAGS = 44;
        public static final int RESERVED = 46;

        /** State flag bit 3: the device is not armed, data may not survive a power loss. */
        public static final int FLAG_NOT_ARMED = 1 << 3;

        private MemoryDeviceMap() {
        }
    }

    /** NVDIMM Control Region Structure, 80-byte form (ACPI 6.4 §5.2.25.6). */
    public static final class ControlRegion {
        public static final int STRUCTURE_TYPE = 4;
        public static final int SIZE = 80;
        public static final int REGION_INDEX = 4;
        public static final int VENDOR_ID = 6;
        public static final int DEVICE_ID = 8;
        public static final int REVISION_ID = 10;
        public static final int SUBSYSTEM_VENDOR_ID = 12;
        public static final int SUBSYSTEM_DEVICE_ID = 14;
        public static final int SUBSYSTEM_REVISION_ID = 16;
        public static final int VALID_FIELDS = 18;
        public static final int MANUFACTURING_LOCATION = 19;
        public static final int MANUFACTURING_DATE = 20;
        public static final int RESERVED = 22;
        public static final int SERIAL_NUMBER = 24;
        public static final int FORMAT_INTERFACE_CODE = 28;
        public static final int BLOCK_CONTROL_WINDOWS = 30;
        public static final int BLOCK_CONTROL_WINDOW_SIZE = 32;
        public static final int COMMAND_REGISTER_OFFSET = 40;
        public static final int COMMAND_REGISTER_SIZE = 48;
        public static final int STATUS_REGISTER_OFFSET = 56;
        public static final int STATUS_REGISTER_SIZE = 64;
        public static final int CONTROL_REGION_FLAGS = 72;
        public static final int RESERVED_END = 74;

        /** QEMU's identity for every emulated NVDIMM (hw/acpi/nvdimm.c). */
        public static final int QEMU_VENDOR_ID = 0x8086;
        public static final int QEMU_DEVICE_ID = 0x0001;
        public static final int QEMU_REVISION_ID = 0x0001;
        /**
         * Byte-addressable persistent memory, no energy-backed interface (JEDEC Annex L release 3). QEMU
         * 2.6–2.11 wrote 0x0201.
         */
        public static final int FORMAT_BYTE_ADDRESSABLE = 0x0301;

        private ControlRegion() {
        }
    }

    /** Platform Capabilities Structure (ACPI 6.4 §5.2.25.9). */
    public static final class PlatformCapabilities {
        public static final int STRUCTURE_TYPE = 7;
        public static final int SIZE = 16;
        public static final int HIGHEST_VALID_CAPABILITY = 4;
        public static final int RESERVED = 5;
        public static final int CAPABILITIES = 8;
        public static final int RESERVED_END = 12;

        /** Capability bit 0: CPU caches are flushed to the NVDIMM on power loss. */
        public static final int CPU_CACHE_FLUSH = 1;
        /** Capability bit 1: memory controller buffers are flushed to the NVDIMM on power loss. */
        public static final int MEMORY_CONTROLLER_FLUSH = 1 << 1;
        /** Capability bit 2: persistent memory is mirrored by hardware. */
        public static final int HARDWARE_MIRRORING = 1 << 2;

        private PlatformCapabilities() {
        }
    }

    private Nfit() {
    }

    /** The three structures QEMU emits for one NVDIMM: SPA Range, Memory Device to SPA Range Map, Control Region. */
    public static List<NfitStructure> structuresOf(NfitNvdimm nvdimm) {
        NfitStructure spa = new NfitStructure.SpaRange(nvdimm.spaRangeIndex(),
                // QEMU marks every NVDIMM range hot-add/online-only and names its proximity domain.
                SpaRange.FLAG_ADD_ONLINE_ONLY | SpaRange.FLAG_PROXIMITY_DOMAIN_VALID,
                nvdimm.node(), SpaRange.PERSISTENT_MEMORY, nvdimm.address(), nvdimm.size(),
                SpaRange.EFI_MEMORY_WB | SpaRange.EFI_MEMORY_NV);
        // One DIMM, not interleaved, mapped from its device-physical address 0.
        NfitStructure map = new NfitStructure.MemoryDeviceMap(nvdimm.handle(), 0, 0, nvdimm.spaRangeIndex(),
                nvdimm.controlRegionIndex(), nvdimm.size(), 0, 0, 0, 1,
                nvdimm.unarmed() ? MemoryDeviceMap.FLAG_NOT_ARMED : 0);
        // A byte-addressable DIMM has no block control windows: every window field is 0.
        NfitStructure dcr = new NfitStructure.ControlRegion(nvdimm.controlRegionIndex(), ControlRegion.QEMU_VENDOR_ID,
                ControlRegion.QEMU_DEVICE_ID, ControlRegion.QEMU_REVISION_ID, 0, 0, 0, 0, 0, 0,
                nvdimm.serialNumber(), ControlRegion.FORMAT_BYTE_ADDRESSABLE, 0, 0, 0, 0, 0, 0, 0);
        return List.of(spa, map, dcr);
    }

    /** The Platform Capabilities structure for a persistence option. */
    public static NfitStructure.PlatformCapabilities capabilitiesOf(NvdimmPersistence persistence) {
        return new NfitStructure.PlatformCapabilities(persistence.highestValidCapability(), persistence.capabilities());
    }

    /** All structures in QEMU's order: per NVDIMM (in the given order) SPA, map, DCR; capabilities last. */
    public static List<NfitStructure> structures(List<NfitNvdimm> nvdimms, Optional<NvdimmPersistence> persistence) {
        List<NfitStructure> all = new ArrayList<>();
        for (NfitNvdimm nvdimm : nvdimms) {
            all.addAll(structuresOf(nvdimm));
        }
        persistence.ifPresent(p -> all.add(capabilitiesOf(p)));
        return List.copyOf(all);
    }

    /** The FIT: the structures for these NVDIMMs, concatenated, without any table header. */
    public static byte[] fit(List<NfitNvdimm> nvdimms, Optional<NvdimmPersistence> persistence) {
        return encode(structures(nvdimms, persistence));
    }

    /** The NFIT table with QEMU's default header (OEM "BOCHS ", "BXPC    "), checksummed. */
    public static byte[] table(List<NfitNvdimm> nvdimms, Optional<NvdimmPersistence> persistence) {
        return table(AcpiTableHeader.qemu(SIGNATURE, REVISION), fit(nvdimms, persistence));
    }

    /** An NFIT table around a FIT body, under the given header (its length and checksum are filled in). */
    public static byte[] table(AcpiTableHeader header, byte[] fit) {
        if (!SIGNATURE.equals(header.signature())) {
            throw new IllegalArgumentException("NFIT header with signature " + header.signature());
        }
        byte[] table = new byte[STRUCTURES + fit.length];
        System.arraycopy(fit, 0, table, STRUCTURES, fit.length);
        return header.seal(table);
    }

    /** Writes structures back to back, each in its own layout. */
    public static byte[] encode(List<? extends NfitStructure> structures) {
        int total = 0;
        for (NfitStructure s : structures) {
            total += s.length();
        }
        byte[] out = new byte[total];
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        int at = 0;
        for (NfitStructure s : structures) {
            write(b, out, at, s);
            at += s.length();
        }
        return out;
    }

    private static void write(ByteBuffer b, byte[] out, int at, NfitStructure s) {
        if (s instanceof NfitStructure.Unrecognized u) {
            System.arraycopy(u.bytes(), 0, out, at, u.length());
            return;
        }
        b.putShort(at + Structure.TYPE, (short) s.type());
        b.putShort(at + Structure.LENGTH, (short) s.length());
        if (s instanceof NfitStructure.SpaRange spa) {
            b.putShort(at + SpaRange.RANGE_INDEX, (short) spa.rangeIndex());
            b.putShort(at + SpaRange.FLAGS, (short) spa.flags());
            b.putInt(at + SpaRange.PROXIMITY_DOMAIN, (int) spa.proximityDomain());
            Guids.put(out, at + SpaRange.RANGE_TYPE_GUID, spa.rangeType());
            b.putLong(at + SpaRange.RANGE_BASE, spa.rangeBase());
            b.putLong(at + SpaRange.RANGE_LENGTH, spa.rangeLength());
            b.putLong(at + SpaRange.MEMORY_MAPPING_ATTRIBUTE, spa.memoryMappingAttribute());
        } else if (s instanceof NfitStructure.MemoryDeviceMap map) {
            b.putInt(at + MemoryDeviceMap.DEVICE_HANDLE, (int) map.deviceHandle());
            b.putShort(at + MemoryDeviceMap.PHYSICAL_ID, (short) map.physicalId());
            b.putShort(at + MemoryDeviceMap.REGION_ID, (short) map.regionId());
            b.putShort(at + MemoryDeviceMap.SPA_RANGE_INDEX, (short) map.spaRangeIndex());
            b.putShort(at + MemoryDeviceMap.CONTROL_REGION_INDEX, (short) map.controlRegionIndex());
            b.putLong(at + MemoryDeviceMap.REGION_SIZE, map.regionSize());
            b.putLong(at + MemoryDeviceMap.REGION_OFFSET, map.regionOffset());
            b.putLong(at + MemoryDeviceMap.REGION_DPA, map.regionDpa());
            b.putShort(at + MemoryDeviceMap.INTERLEAVE_INDEX, (short) map.interleaveIndex());
            b.putShort(at + MemoryDeviceMap.INTERLEAVE_WAYS, (short) map.interleaveWays());
            b.putShort(at + MemoryDeviceMap.FLAGS, (short) map.flags());
        } else if (s instanceof NfitStructure.ControlRegion dcr) {
            b.putShort(at + ControlRegion.REGION_INDEX, (short) dcr.regionIndex());
            b.putShort(at + ControlRegion.VENDOR_ID, (short) dcr.vendorId());
            b.putShort(at + ControlRegion.DEVICE_ID, (short) dcr.deviceId());
            b.putShort(at + ControlRegion.REVISION_ID, (short) dcr.revisionId());
            b.putShort(at + ControlRegion.SUBSYSTEM_VENDOR_ID, (short) dcr.subsystemVendorId());
            b.putShort(at + ControlRegion.SUBSYSTEM_DEVICE_ID, (short) dcr.subsystemDeviceId());
            b.putShort(at + ControlRegion.SUBSYSTEM_REVISION_ID, (short) dcr.subsystemRevisionId());
            b.put(at + ControlRegion.VALID_FIELDS, (byte) dcr.validFields());
            b.put(at + ControlRegion.MANUFACTURING_LOCATION, (byte) dcr.manufacturingLocation());
            b.putShort(at + ControlRegion.MANUFACTURING_DATE, (short) dcr.manufacturingDate());
            b.putInt(at + ControlRegion.SERIAL_NUMBER, (int) dcr.serialNumber());
            b.putShort(at + ControlRegion.FORMAT_INTERFACE_CODE, (short) dcr.formatInterfaceCode());
            b.putShort(at + ControlRegion.BLOCK_CONTROL_WINDOWS, (short) dcr.blockControlWindows());
            b.putLong(at + ControlRegion.BLOCK_CONTROL_WINDOW_SIZE, dcr.blockControlWindowSize());
            b.putLong(at + ControlRegion.COMMAND_REGISTER_OFFSET, dcr.commandRegisterOffset());
            b.putLong(at + ControlRegion.COMMAND_REGISTER_SIZE, dcr.commandRegisterSize());
            b.putLong(at + ControlRegion.STATUS_REGISTER_OFFSET, dcr.statusRegisterOffset());
            b.putLong(at + ControlRegion.STATUS_REGISTER_SIZE, dcr.statusRegisterSize());
            b.putShort(at + ControlRegion.CONTROL_REGION_FLAGS, (short) dcr.controlRegionFlags());
        } else if (s instanceof NfitStructure.PlatformCapabilities caps) {
            b.put(at + PlatformCapabilities.HIGHEST_VALID_CAPABILITY, (byte) caps.highestValidCapability());
            b.putInt(at + PlatformCapabilities.CAPABILITIES, (int) caps.capabilities());
        }
    }

    public static void checkU8(String field, int value) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException(field + " " + value + " does not fit in a byte");
        }
    }

    public static void checkU16(String field, int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(field + " " + value + " does not fit in 16 bits");
        }
    }

    public static void checkU32(String field, long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(field + " " + value + " does not fit in 32 bits");
        }
    }
}
