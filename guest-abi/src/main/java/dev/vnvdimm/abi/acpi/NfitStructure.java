package dev.vnvdimm.abi.acpi;

import java.util.HexFormat;
import java.util.UUID;

/**
 * One NFIT sub-structure, field by field (ACPI 6.4 §5.2.25). The byte layout of each is defined in
 * {@link Nfit}; {@link Nfit#encode} writes these records and {@link NfitParser} reads them back, so a
 * table can be compared with another as a set of structures keyed by {@link #key()} rather than byte by
 * byte (QEMU lists NVDIMMs in hash-table order, spec notes §2.1).
 */
public sealed interface NfitStructure {

    /** The structure's Type field. */
    int type();

    /** The structure's Length field. */
    int length();

    /**
     * What identifies this structure within one NFIT: the index or handle fields the other structures
     * refer to it by. Two structures of a well-formed NFIT never share a key.
     */
    String key();

    /** System Physical Address (SPA) Range Structure, type 0 (ACPI 6.4 §5.2.25.2). */
    record SpaRange(int rangeIndex, int flags, long proximityDomain, UUID rangeType,
                    long rangeBase, long rangeLength, long memoryMappingAttribute) implements NfitStructure {
        public SpaRange {
            Nfit.checkU16("SPA Range Structure Index", rangeIndex);
            Nfit.checkU16("SPA range flags", flags);
            Nfit.checkU32("proximity domain", proximityDomain);
        }

        @Override
        public int type() {
            return Nfit.SpaRange.STRUCTURE_TYPE;
        }

        @Override
        public int length() {
            return Nfit.SpaRange.SIZE;
        }

        @Override
        public String key() {
            return "SPA range " + rangeIndex;
        }
    }

    /**
     * NVDIMM Region Mapping Structure, called "Memory Device to System Physical Address Range Mapping
     * Structure" before ACPI 6.3, type 1 (ACPI 6.4 §5.2.25.3). {@code regionDpa} is the "NVDIMM Physical
     * Address Region Base".
     */
    record MemoryDeviceMap(long deviceHandle, int physicalId, int regionId, int spaRangeIndex,
                           int controlRegionIndex, long regionSize, long regionOffset, long regionDpa,
                           int interleaveIndex, int interleaveWays, int flags) implements NfitStructure {
        public MemoryDeviceMap {
            Nfit.checkU32("NFIT device handle", deviceHandle);
            Nfit.checkU16("NVDIMM physical ID", physicalId);
            Nfit.checkU16("NVDIMM region ID", regionId);
            Nfit.checkU16("SPA Range Structure Index", spaRangeIndex);
            Nfit.checkU16("NVDIMM Control Region Structure Index", controlRegionIndex);
            Nfit.checkU16("Interleave Structure Index", interleaveIndex);
            Nfit.checkU16("Interleave Ways", interleaveWays);
            Nfit.checkU16("NVDIMM state flags", flags);
        }

        @Override
        public int type() {
            return Nfit.MemoryDeviceMap.STRUCTURE_TYPE;
        }

        @Override
        public int length() {
            return Nfit.MemoryDeviceMap.SIZE;
        }

        @Override
        public String key() {
            return "memory device handle " + deviceHandle + " in SPA range " + spaRangeIndex;
        }
    }

    /**
     * NVDIMM Control Region Structure, type 4, in its 80-byte form with the block control window fields
     * (ACPI 6.4 §5.2.25.6). Vendor, device, revision and interface code are the values as numbers, not
     * the byte-swapped forms some tools print.
     */
    record ControlRegion(int regionIndex, int vendorId, int deviceId, int revisionId,
                         int subsystemVendorId, int subsystemDeviceId, int subsystemRevisionId,
                         int validFields, int manufacturingLocation, int manufacturingDate,
                         long serialNumber, int formatInterfaceCode, int blockControlWindows,
                         long blockControlWindowSize, long commandRegisterOffset, long commandRegisterSize,
                         long statusRegisterOffset, long statusRegisterSize, int controlRegionFlags)
            implements NfitStructure {
        public ControlRegion {
            Nfit.checkU16("NVDIMM Control Region Structure Index", regionIndex);
            Nfit.checkU16("vendor ID", vendorId);
            Nfit.checkU16("device ID", deviceId);
            Nfit.checkU16("revision ID", revisionId);
            Nfit.checkU16("subsystem vendor ID", subsystemVendorId);
            Nfit.checkU16("subsystem device ID", subsystemDeviceId);
            Nfit.checkU16("subsystem revision ID", subsystemRevisionId);
            Nfit.checkU8("valid fields", validFields);
            Nfit.checkU8("manufacturing location", manufacturingLocation);
            Nfit.checkU16("manufacturing date", manufacturingDate);
            Nfit.checkU32("serial number", serialNumber);
            Nfit.checkU16("region format interface code", formatInterfaceCode);
            Nfit.checkU16("number of block control windows", blockControlWindows);
            Nfit.checkU16("NVDIMM control region flags", controlRegionFlags);
        }

        @Override
        public int type() {
            return Nfit.ControlRegion.STRUCTURE_TYPE;
        }

        @Override
        public int length() {
            return Nfit.ControlRegion.SIZE;
        }

        @Override
        public String key() {
            return "control region " + regionIndex;
        }
    }

    /** Platform Capabilities Structure, type 7 (ACPI 6.4 §5.2.25.9). At most one per NFIT. */
    record PlatformCapabilities(int highestValidCapability, long capabilities) implements NfitStructure {
        public PlatformCapabilities {
            Nfit.checkU8("highest valid capability", highestValidCapability);
            Nfit.checkU32("capabilities", capabilities);
        }

        @Override
        public int type() {
            return Nfit.PlatformCapabilities.STRUCTURE_TYPE;
        }

        @Override
        public int length() {
            return Nfit.PlatformCapabilities.SIZE;
        }

        @Override
        public String key() {
            return "platform capabilities";
        }
    }

    /**
     * A structure of a type QEMU never emits (interleave, SMBIOS, block data window, flush hint, …),
     * kept whole as lower-case hex so it still compares and re-encodes.
     */
    record Unrecognized(int type, String hex) implements NfitStructure {
        public Unrecognized {
            Nfit.checkU16("structure type", type);
            byte[] bytes = HexFormat.of().parseHex(hex);
            if (bytes.length < Nfit.Structure.HEADER_SIZE) {
                throw new IllegalArgumentException("an NFIT structure has at least a 4-byte type/length header");
            }
            int typeField = (bytes[Nfit.Structure.TYPE] & 0xFF) | (bytes[Nfit.Structure.TYPE + 1] & 0xFF) << 8;
            int lengthField = (bytes[Nfit.Structure.LENGTH] & 0xFF) | (bytes[Nfit.Structure.LENGTH + 1] & 0xFF) << 8;
            if (typeField != type || lengthField != bytes.length) {
                throw new IllegalArgumentException("structure bytes say type " + typeField + " length " + lengthField
                        + ", expected type " + type + " length " + bytes.length);
            }
            hex = HexFormat.of().formatHex(bytes);
        }

        @Override
        public int length() {
            return hex.length() / 2;
        }

        @Override
        public String key() {
            return "type " + type + " structure " + hex;
        }

        /** The whole structure, header included. */
        public byte[] bytes() {
            return HexFormat.of().parseHex(hex);
        }
    }
}
