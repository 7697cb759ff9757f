package dev.vnvdimm.emulator.acpi;

import dev.vnvdimm.abi.acpi.AcpiTableHeader;
import dev.vnvdimm.abi.acpi.Nfit;
import dev.vnvdimm.abi.acpi.NfitNvdimm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The System Resource Affinity Table (ACPI 6.4 §5.2.16): which proximity domain (NUMA node) each
 * processor and memory range belongs to. QEMU gives every NVDIMM its own Memory Affinity entry, flagged
 * Enabled | Non-Volatile, with the DIMM's node, base and size (hw/acpi/nvdimm.c {@code nvdimm_build_srat};
 * spec notes §7.1). The golden dimmpxm SRAT lists, in order: one processor entry per CPU, the boot memory
 * per node, the NVDIMMs, then the hot-plug area.
 */
public final class Srat {

    public static final String SIGNATURE = "SRAT";
    /** QEMU's SRAT revision. */
    public static final int REVISION = 1;
    /** "Reserved, must be 1 for backward compatibility" (the former Table Revision field). */
    public static final int TABLE_REVISION = AcpiTableHeader.SIZE;
    public static final int RESERVED = TABLE_REVISION + 4;
    /** Offset of the first affinity structure. */
    public static final int STRUCTURES = RESERVED + 8;

    /** Common to every affinity structure: a one-byte type and a one-byte length. */
    public static final int TYPE = 0;
    public static final int LENGTH = 1;

    /** Processor Local APIC/SAPIC Affinity Structure (ACPI 6.4 §5.2.16.1). */
    public static final class ProcessorApic {
        public static final int STRUCTURE_TYPE = 0;
        public static final int SIZE = 16;
        public static final int PROXIMITY_DOMAIN_LOW = 2;
        public static final int APIC_ID = 3;
        public static final int FLAGS = 4;
        public static final int LOCAL_SAPIC_EID = 8;
        public static final int PROXIMITY_DOMAIN_HIGH = 9;
        public static final int CLOCK_DOMAIN = 12;

        private ProcessorApic() {
        }
    }

    /** Memory Affinity Structure (ACPI 6.4 §5.2.16.2). */
    public static final class Memory {
        public static final int STRUCTURE_TYPE = 1;
        public static final int SIZE = 40;
        public static final int PROXIMITY_DOMAIN = 2;
        public static final int RESERVED = 6;
        public static final int BASE_ADDRESS = 8;
        public static final int RANGE_LENGTH = 16;
        public static final int RESERVED_2 = 24;
        public static final int FLAGS = 28;
        public static final int RESERVED_3 = 32;

        private Memory() {
        }
    }

    /** Affinity flag bit 0 (both structure types): the entry is in use. */
    public static final int FLAG_ENABLED = 1;
    /** Memory affinity flag bit 1: the range can be hot plugged. */
    public static final int FLAG_HOT_PLUGGABLE = 1 << 1;
    /** Memory affinity flag bit 2: the range is non-volatile. */
    public static final int FLAG_NON_VOLATILE = 1 << 2;

    /** One SRAT affinity structure. */
    public sealed interface Entry {
        /** The structure's Type byte. */
        int type();

        /** The structure's Length byte. */
        int size();
    }

    /** A processor's proximity domain; {@code flags} is normally {@link #FLAG_ENABLED}. */
    public record ProcessorApicAffinity(long proximityDomain, int apicId, int flags, int localSapicEid,
                                        long clockDomain) implements Entry {
        public ProcessorApicAffinity {
            Nfit.checkU32("proximity domain", proximityDomain);
            Nfit.checkU8("APIC ID", apicId);
            Nfit.checkU8("local SAPIC EID", localSapicEid);
            Nfit.checkU32("clock domain", clockDomain);
        }

        /** An enabled processor in {@code node}, as QEMU writes it. */
        public static ProcessorApicAffinity enabled(int apicId, long node) {
            return new ProcessorApicAffinity(node, apicId, FLAG_ENABLED, 0, 0);
        }

        @Override
        public int type() {
            return ProcessorApic.STRUCTURE_TYPE;
        }

        @Override
        public int size() {
            return ProcessorApic.SIZE;
        }
    }

    /** A memory range's proximity domain and kind. */
    public record MemoryAffinity(long proximityDomain, long baseAddress, long length, int flags) implements Entry {
        public MemoryAffinity {
            Nfit.checkU32("proximity domain", proximityDomain);
        }

        @Override
        public int type() {
            return Memory.STRUCTURE_TYPE;
        }

        @Override
        public int size() {
            return Memory.SIZE;
        }
    }

    private Srat() {
    }

    /** QEMU's entry for one NVDIMM: its node, range, and Enabled | Non-Volatile (0x5). */
    public static MemoryAffinity nvdimmAffinity(NfitNvdimm nvdimm) {
        return new MemoryAffinity(nvdimm.node(), nvdimm.address(), nvdimm.size(), FLAG_ENABLED | FLAG_NON_VOLATILE);
    }

    /** An SRAT with QEMU's header listing {@code entries} in order. */
    public static byte[] build(List<? extends Entry> entries) {
        int length = STRUCTURES;
        for (Entry e : entries) {
            length += e.size();
        }
        byte[] table = new byte[length];
        ByteBuffer b = ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(TABLE_REVISION, 1);
        int at = STRUCTURES;
        for (Entry e : entries) {
            table[at + TYPE] = (byte) e.type();
            table[at + LENGTH] = (byte) e.size();
            if (e instanceof ProcessorApicAffinity p) {
                // the 32-bit domain is split: bits 7:0 at offset 2, bits 31:8 at offset 9
                table[at + ProcessorApic.PROXIMITY_DOMAIN_LOW] = (byte) p.proximityDomain();
                table[at + ProcessorApic.APIC_ID] = (byte) p.apicId();
                b.putInt(at + ProcessorApic.FLAGS, p.flags());
                table[at + ProcessorApic.LOCAL_SAPIC_EID] = (byte) p.localSapicEid();
                table[at + ProcessorApic.PROXIMITY_DOMAIN_HIGH] = (byte) (p.proximityDomain() >>> 8);
                table[at + ProcessorApic.PROXIMITY_DOMAIN_HIGH + 1] = (byte) (p.proximityDomain() >>> 16);
                table[at + ProcessorApic.PROXIMITY_DOMAIN_HIGH + 2] = (byte) (p.proximityDomain() >>> 24);
                b.putInt(at + ProcessorApic.CLOCK_DOMAIN, (int) p.clockDomain());
            } else if (e instanceof MemoryAffinity m) {
                b.putInt(at + Memory.PROXIMITY_DOMAIN, (int) m.proximityDomain());
                b.putLong(at + Memory.BASE_ADDRESS, m.baseAddress());
                b.putLong(at + Memory.RANGE_LENGTH, m.length());
                b.putInt(at + Memory.FLAGS, m.flags());
            }
            at += e.size();
        }
        return AcpiTableHeader.qemu(SIGNATURE, REVISION).seal(table);
    }
}
