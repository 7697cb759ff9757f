package dev.vnvdimm.abi.acpi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an NFIT table, or a bare FIT as {@code _FIT} returns it, back into {@link NfitStructure} records,
 * using the layout in {@link Nfit}. Every problem is an {@link AcpiTableFormatException} naming the byte
 * offset, counted from the start of the bytes given.
 */
public final class NfitParser {

    /** A parsed NFIT table: its standard header and its structures in table order. */
    public record ParsedNfit(AcpiTableHeader header, List<NfitStructure> structures) {
        public ParsedNfit {
            structures = List.copyOf(structures);
        }
    }

    private NfitParser() {
    }

    /**
     * Parses a whole NFIT table: signature, Length field equal to the byte count, checksum, then the
     * structures after the reserved bytes.
     */
    public static ParsedNfit parseTable(byte[] table) {
        String name = Nfit.SIGNATURE;
        if (table.length < Nfit.STRUCTURES) {
            throw new AcpiTableFormatException(name, table.length,
                    "table of " + table.length + " bytes is shorter than the " + Nfit.STRUCTURES + "-byte NFIT header");
        }
        AcpiTableHeader header = AcpiTableHeader.parse(table);
        if (!Nfit.SIGNATURE.equals(header.signature())) {
            throw new AcpiTableFormatException(name, AcpiTableHeader.SIGNATURE,
                    "signature '" + header.signature() + "', expected 'NFIT'");
        }
        long length = Integer.toUnsignedLong(le(table).getInt(AcpiTableHeader.LENGTH));
        if (length != table.length) {
            throw new AcpiTableFormatException(name, AcpiTableHeader.LENGTH,
                    "Length field " + length + " but the table has " + table.length + " bytes");
        }
        int sum = AcpiTableHeader.sum(table, 0, table.length);
        if (sum != 0) {
            throw new AcpiTableFormatException(name, AcpiTableHeader.CHECKSUM,
                    "bytes sum to 0x" + Integer.toHexString(sum) + ", not 0: bad checksum");
        }
        return new ParsedNfit(header, parseStructures(name, table, Nfit.STRUCTURES));
    }

    /** Parses a FIT: structures back to back from offset 0 to the end, no header. */
    public static List<NfitStructure> parseFit(byte[] fit) {
        return parseStructures("FIT", fit, 0);
    }

    /**
     * Indexes structures by {@link NfitStructure#key()}, keeping their order.
     *
     * @throws IllegalArgumentException when two structures share a key (a duplicate index or handle)
     */
    public static Map<String, NfitStructure> byKey(List<? extends NfitStructure> structures) {
        Map<String, NfitStructure> keyed = new LinkedHashMap<>();
        for (NfitStructure s : structures) {
            if (keyed.putIfAbsent(s.key(), s) != null) {
                throw new IllegalArgumentException("two NFIT structures with the same key: " + s.key());
            }
        }
        return keyed;
    }

    private static List<NfitStructure> parseStructures(String name, byte[] bytes, int from) {
        ByteBuffer b = le(bytes);
        List<NfitStructure> out = new ArrayList<>();
        int at = from;
        while (at < bytes.length) {
            if (bytes.length - at < Nfit.Structure.HEADER_SIZE) {
                throw new AcpiTableFormatException(name, at, (bytes.length - at)
                        + " trailing bytes, too few for a structure's type and length");
            }
            int type = u16(b, at + Nfit.Structure.TYPE);
            int length = u16(b, at + Nfit.Structure.LENGTH);
            if (length < Nfit.Structure.HEADER_SIZE) {
                throw new AcpiTableFormatException(name, at + Nfit.Structure.LENGTH,
                        "type " + type + " structure with length " + length);
            }
            if (at + length > bytes.length) {
                throw new AcpiTableFormatException(name, at + Nfit.Structure.LENGTH, "type " + type
                        + " structure of length " + length + " runs " + (at + length - bytes.length) + " bytes past the end");
            }
            out.add(structureAt(name, b, bytes, at, type, length));
            at += length;
        }
        return out;
    }

    private static NfitStructure structureAt(String name, ByteBuffer b, byte[] bytes, int at, int type, int length) {
        switch (type) {
            case Nfit.SpaRange.STRUCTURE_TYPE:
                expectLength(name, at, length, Nfit.SpaRange.SIZE, "SPA Range Structure");
                return new NfitStructure.SpaRange(u16(b, at + Nfit.SpaRange.RANGE_INDEX),
                        u16(b, at + Nfit.SpaRange.FLAGS), u32(b, at + Nfit.SpaRange.PROXIMITY_DOMAIN),
                        Guids.get(bytes, at + Nfit.SpaRange.RANGE_TYPE_GUID), b.getLong(at + Nfit.SpaRange.RANGE_BASE),
                        b.getLong(at + Nfit.SpaRange.RANGE_LENGTH), b.getLong(at + Nfit.SpaRange.MEMORY_MAPPING_ATTRIBUTE));
            case Nfit.MemoryDeviceMap.STRUCTURE_TYPE:
                expectLength(name, at, length, Nfit.MemoryDeviceMap.SIZE, "Memory Device to SPA Range Map");
                return new NfitStructure.MemoryDeviceMap(u32(b, at + Nfit.MemoryDeviceMap.DEVICE_HANDLE),
                        u16(b, at + Nfit.MemoryDeviceMap.PHYSICAL_ID), u16(b, at + Nfit.MemoryDeviceMap.REGION_ID),
                        u16(b, at + Nfit.MemoryDeviceMap.SPA_RANGE_INDEX),
                        u16(b, at + Nfit.MemoryDeviceMap.CONTROL_REGION_INDEX),
                        b.getLong(at + Nfit.MemoryDeviceMap.REGION_SIZE), b.getLong(at + Nfit.MemoryDeviceMap.REGION_OFFSET),
                        b.getLong(at + Nfit.MemoryDeviceMap.REGION_DPA), u16(b, at + Nfit.MemoryDeviceMap.INTERLEAVE_INDEX),
                        u16(b, at + Nfit.MemoryDeviceMap.INTERLEAVE_WAYS), u16(b, at + Nfit.MemoryDeviceMap.FLAGS));
            case Nfit.ControlRegion.STRUCTURE_TYPE:
                expectLength(name, at, length, Nfit.ControlRegion.SIZE, "NVDIMM Control Region Structure");
                return new NfitStructure.ControlRegion(u16(b, at + Nfit.ControlRegion.REGION_INDEX),
                        u16(b, at + Nfit.ControlRegion.VENDOR_ID), u16(b, at + Nfit.ControlRegion.DEVICE_ID),
                        u16(b, at + Nfit.ControlRegion.REVISION_ID), u16(b, at + Nfit.ControlRegion.SUBSYSTEM_VENDOR_ID),
                        u16(b, at + Nfit.ControlRegion.SUBSYSTEM_DEVICE_ID),
                        u16(b, at + Nfit.ControlRegion.SUBSYSTEM_REVISION_ID),
                        bytes[at + Nfit.ControlRegion.VALID_FIELDS] & 0xFF,
                        bytes[at + Nfit.ControlRegion.MANUFACTURING_LOCATION] & 0xFF,
                        u16(b, at + Nfit.ControlRegion.MANUFACTURING_DATE), u32(b, at + Nfit.ControlRegion.SERIAL_NUMBER),
                        u16(b, at + Nfit.ControlRegion.FORMAT_INTERFACE_CODE),
                        u16(b, at + Nfit.ControlRegion.BLOCK_CONTROL_WINDOWS),
                        b.getLong(at + Nfit.ControlRegion.BLOCK_CONTROL_WINDOW_SIZE),
                        b.getLong(at + Nfit.ControlRegion.COMMAND_REGISTER_OFFSET),
                        b.getLong(at + Nfit.ControlRegion.COMMAND_REGISTER_SIZE),
                        b.getLong(at + Nfit.ControlRegion.STATUS_REGISTER_OFFSET),
                        b.getLong(at + Nfit.ControlRegion.STATUS_REGISTER_SIZE),
                        u16(b, at + Nfit.ControlRegion.CONTROL_REGION_FLAGS));
            case Nfit.PlatformCapabilities.STRUCTURE_TYPE:
                expectLength(name, at, length, Nfit.PlatformCapabilities.SIZE, "Platform Capabilities Structure");
                return new NfitStructure.PlatformCapabilities(
                        bytes[at + Nfit.PlatformCapabilities.HIGHEST_VALID_CAPABILITY] & 0xFF,
                        u32(b, at + Nfit.PlatformCapabilities.CAPABILITIES));
            default:
                byte[] whole = new byte[length];
                System.arraycopy(bytes, at, whole, 0, length);
                return new NfitStructure.Unrecognized(type, HexFormat.of().formatHex(whole));
        }
    }

    private static void expectLength(String name, int at, int length, int size, String what) {
        if (length != size) {
            throw new AcpiTableFormatException(name, at + Nfit.Structure.LENGTH,
                    "structure length " + length + ", " + what + " is " + size);
        }
    }

    private static ByteBuffer le(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static int u16(ByteBuffer b, int at) {
        return Short.toUnsignedInt(b.getShort(at));
    }

    private static long u32(ByteBuffer b, int at) {
        return Integer.toUnsignedLong(b.getInt(at));
    }
}
