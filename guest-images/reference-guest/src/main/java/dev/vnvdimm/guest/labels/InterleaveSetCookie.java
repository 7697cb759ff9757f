package dev.vnvdimm.guest.labels;

import java.util.Comparator;
import java.util.List;

/**
 * The interleave-set cookie Linux stores in every pmem label ({@code isetcookie}) and shows as the region's
 * {@code set_cookie} / ndctl {@code iset_id}. It is a {@link Fletcher64} over one record per DIMM of the
 * region, sorted by the NFIT memory-device "region offset", built from the NFIT Memory Device to SPA Range
 * Map (region offset) and the NVDIMM Control Region (serial number, vendor id, manufacturing date and
 * location):
 * <ul>
 * <li><b>v1.1 labels</b> use 16-byte records: {@code u64 region_offset, u32 serial_number, u32 0};</li>
 * <li><b>v1.2 labels</b> use 48-byte records: {@code u64 region_offset, u32 serial_number, u16 vendor_id,
 * u16 manufacturing_date, u8 manufacturing_location, 31 zero bytes}.</li>
 * </ul>
 * Every field is taken as stored in the NFIT (little-endian). For QEMU's single DIMM in slot 0 (region offset
 * 0, serial 0x123456, vendor 0x8086, date and location 0) this gives 0x002468ac00123456
 * (10248187106440278) for v1.1 and 0x00ba90120012b4dc (52512752653219036) for v1.2, the values found in the
 * ndctl 76.1 example label areas. (Linux also accepts v1.1 labels carrying an "alternate" cookie computed
 * with an older record order; with one DIMM both orders agree.)
 */
public final class InterleaveSetCookie {

    /** What one DIMM contributes; fields as the NFIT holds them. */
    public record Mapping(long regionOffset, int serialNumber, int vendorId, int manufacturingDate,
            int manufacturingLocation) {

        /** The DIMM QEMU puts in {@code slot}: region offset 0, serial 0x123456 + slot, vendor 0x8086. */
        public static Mapping qemu(int slot) {
            return new Mapping(0, 0x123456 + slot, 0x8086, 0, 0);
        }
    }

    public static final int V1_1_RECORD = 16;
    public static final int V1_2_RECORD = 48;

    private InterleaveSetCookie() {
    }

    public static long forVersion(LabelVersion version, List<Mapping> dimms) {
        return version == LabelVersion.V1_1 ? v11(dimms) : v12(dimms);
    }

    public static long v11(List<Mapping> dimms) {
        List<Mapping> sorted = sorted(dimms);
        byte[] b = new byte[V1_1_RECORD * sorted.size()];
        for (int i = 0; i < sorted.size(); i++) {
            Mapping m = sorted.get(i);
            Le.put64(b, i * V1_1_RECORD, m.regionOffset());
            Le.put32(b, i * V1_1_RECORD + 8, m.serialNumber());
        }
        return Fletcher64.of(b);
    }

    public static long v12(List<Mapping> dimms) {
        List<Mapping> sorted = sorted(dimms);
        byte[] b = new byte[V1_2_RECORD * sorted.size()];
        for (int i = 0; i < sorted.size(); i++) {
            Mapping m = sorted.get(i);
            int at = i * V1_2_RECORD;
            Le.put64(b, at, m.regionOffset());
            Le.put32(b, at + 8, m.serialNumber());
            Le.put16(b, at + 12, m.vendorId());
            Le.put16(b, at + 14, m.manufacturingDate());
            b[at + 16] = (byte) m.manufacturingLocation();
        }
        return Fletcher64.of(b);
    }

    private static List<Mapping> sorted(List<Mapping> dimms) {
        return dimms.stream().sorted(Comparator.comparing(Mapping::regionOffset, Long::compareUnsigned)).toList();
    }
}
