package dev.vnvdimm.guest.aml.runtime;

import dev.vnvdimm.guest.platform.Platform;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads and writes field units and buffer fields (ACPI 6.4 §19.6.46 Field, §19.6.64 IndexField, §19.6.7 BankField,
 * §5.5.2.4 access rules):
 * <ul>
 *   <li>a field of any bit offset and width is read or written as the aligned units of its access width that
 *       cover it (AnyAcc: the smallest naturally aligned width, up to DWord for SystemIO and QWord for
 *       SystemMemory, that holds the whole field in one access; otherwise bytes; BufferAcc: bytes);</li>
 *   <li>a write that covers only part of a unit fills the rest per the update rule: Preserve reads the unit
 *       first, WriteAsOnes / WriteAsZeros fill with ones / zeros; fully covered units are written without a read;</li>
 *   <li>fields with the Lock rule hold the global lock ({@code \_GL}) for the access;</li>
 *   <li>a read yields an Integer when the field is no wider than an integer, else a Buffer of ⌈bits/8⌉ bytes;</li>
 *   <li>fast path: a SystemMemory field wider than 64 bits whose offset and width are multiples of the access
 *       width is transferred with one bulk {@link Platform#readMemory(long, byte[])} / write.</li>
 * </ul>
 */
public final class FieldIo {
    private static final byte[] ALL_ONES = ones(64 * 8);

    private static byte[] ones(long bits) {
        byte[] b = new byte[(int) ((bits + 7) >>> 3)];
        Arrays.fill(b, (byte) 0xFF);
        return b;
    }

    private FieldIo() {
    }

    public static AmlObject read(Interpreter ip, AmlObject field, Node at) {
        long bitLength;
        byte[] bits;
        if (field instanceof AmlBufferField bf) {
            bitLength = bf.bitLength;
            byte[] data = bf.buffer.data;
            if (bf.bitOffset + bf.bitLength > (long) data.length * 8) {
                throw at.error("AE_AML_BUFFER_LIMIT", "buffer field beyond its " + data.length + "-byte buffer");
            }
            bits = extract(data, bf.bitOffset, bf.bitLength);
        } else {
            AmlFieldUnit fu = (AmlFieldUnit) field;
            bitLength = fu.bitLength;
            bits = readUnitBits(ip, fu, at);
        }
        return valueOf(ip, bits, bitLength);
    }

    private static AmlObject valueOf(Interpreter ip, byte[] bits, long bitLength) {
        if (bitLength <= ip.intBits) {
            return AmlInteger.of(Conversions.bytesToInteger(bits, 8));
        }
        return new AmlBuffer(bits);
    }

    public static void write(Interpreter ip, AmlObject field, AmlObject value, Frame f, Node at) {
        byte[] src = sourceBytes(f, value, at);
        if (field instanceof AmlBufferField bf) {
            byte[] data = bf.buffer.data;
            if (bf.bitOffset + bf.bitLength > (long) data.length * 8) {
                throw at.error("AE_AML_BUFFER_LIMIT", "buffer field beyond its " + data.length + "-byte buffer");
            }
            deposit(data, bf.bitOffset, bf.bitLength, src);
        } else {
            writeUnitBits(ip, (AmlFieldUnit) field, src, at);
        }
    }

    private static byte[] sourceBytes(Frame f, AmlObject value, Node at) {
        AmlObject v = Conversions.value(f, value, at);
        if (v instanceof AmlInteger i) {
            return Conversions.integerBytes(i.value(), 8);
        }
        if (v instanceof AmlBuffer b) {
            return b.data;
        }
        if (v instanceof AmlString s) {
            return s.value.getBytes(StandardCharsets.ISO_8859_1);
        }
        throw at.error("AE_AML_OPERAND_TYPE", "cannot write " + ObjectTypes.describe(v) + " to a field");
    }

    // ---- bit helpers -------------------------------------------------------------------------------------

    /** bitLength bits of src starting at bitOffset, as ⌈bitLength/8⌉ little-endian bytes. */
    static byte[] extract(byte[] src, long bitOffset, long bitLength) {
        int n = (int) ((bitLength + 7) >>> 3);
        byte[] out = new byte[n];
        if ((bitOffset & 7) == 0) {
            System.arraycopy(src, (int) (bitOffset >>> 3), out, 0, n);
        } else {
            for (long i = 0; i < bitLength; i++) {
                long s = bitOffset + i;
                if ((src[(int) (s >>> 3)] >> (s & 7) & 1) != 0) {
                    out[(int) (i >>> 3)] |= (byte) (1 << (i & 7));
                }
            }
        }
        int rem = (int) (bitLength & 7);
        if (rem != 0) {
            out[n - 1] &= (byte) ((1 << rem) - 1);
        }
        return out;
    }

    /** Writes bitLength bits at bitOffset of dst from src (zero-extended when src is shorter). */
    static void deposit(byte[] dst, long bitOffset, long bitLength, byte[] src) {
        if ((bitOffset & 7) == 0 && (bitLength & 7) == 0) {
            int off = (int) (bitOffset >>> 3);
            int n = (int) (bitLength >>> 3);
            int c = Math.min(n, src.length);
            System.arraycopy(src, 0, dst, off, c);
            Arrays.fill(dst, off + c, off + n, (byte) 0);
            return;
        }
        for (long i = 0; i < bitLength; i++) {
            int si = (int) (i >>> 3);
            boolean bit = si < src.length && (src[si] >> (i & 7) & 1) != 0;
            long d = bitOffset + i;
            int di = (int) (d >>> 3);
            if (bit) {
                dst[di] |= (byte) (1 << (d & 7));
            } else {
                dst[di] &= (byte) ~(1 << (d & 7));
            }
        }
    }

    // ---- field units -------------------------------------------------------------------------------------

    /** Access width in bytes for a field unit. */
    static int accessBytes(AmlFieldUnit fu) {
        switch (fu.accessType) {
            case 1, 5:
                return 1;
            case 2:
                return 2;
            case 3:
                return 4;
            case 4:
                return 8;
            default:
                int max = fu.kind == AmlFieldUnit.Kind.INDEX || fu.region == null || fu.region.space != AmlRegion.SYSTEM_MEMORY
                        ? 4 : 8;
                for (int w = 1; w <= max; w <<= 1) {
                    long unitBits = 8L * w;
                    if (fu.bitOffset / unitBits == (fu.bitOffset + fu.bitLength - 1) / unitBits) {
                        return w;
                    }
                }
                return 1;
        }
    }

    private static boolean bulk(AmlFieldUnit fu, int a) {
        return fu.kind == AmlFieldUnit.Kind.REGION && fu.region.space == AmlRegion.SYSTEM_MEMORY
                && fu.bitLength > 64 && fu.bitOffset % (8L * a) == 0 && fu.bitLength % (8L * a) == 0;
    }

    private static byte[] readUnitBits(Interpreter ip, AmlFieldUnit fu, Node at) {
        int a = accessBytes(fu);
        boolean locked = fu.lock && ip.acquireGlobalLock(at);
        try {
            if (bulk(fu, a)) {
                long start = fu.bitOffset >>> 3;
                int n = (int) (fu.bitLength >>> 3);
                checkRegion(fu.region, start, n, at);
                byte[] out = new byte[n];
                try {
                    ip.platform.readMemory(fu.region.offset + start, out);
                } catch (RuntimeException e) {
                    throw platformError(e, at);
                }
                return out;
            }
            long unitBits = 8L * a;
            long first = fu.bitOffset / unitBits;
            long last = (fu.bitOffset + fu.bitLength - 1) / unitBits;
            int units = (int) (last - first + 1);
            byte[] tmp = new byte[units * a];
            for (int u = 0; u < units; u++) {
                long v = readUnit(ip, fu, first + u, a, at);
                for (int k = 0; k < a; k++) {
                    tmp[u * a + k] = (byte) (v >>> (8 * k));
                }
            }
            return extract(tmp, fu.bitOffset - first * unitBits, fu.bitLength);
        } finally {
            if (locked) {
                ip.releaseGlobalLock();
            }
        }
    }

    private static void writeUnitBits(Interpreter ip, AmlFieldUnit fu, byte[] src, Node at) {
        int a = accessBytes(fu);
        boolean locked = fu.lock && ip.acquireGlobalLock(at);
        try {
            if (bulk(fu, a)) {
                long start = fu.bitOffset >>> 3;
                int n = (int) (fu.bitLength >>> 3);
                checkRegion(fu.region, start, n, at);
                byte[] out;
                if (src.length == n) {
                    out = src;
                } else {
                    out = new byte[n];
                    System.arraycopy(src, 0, out, 0, Math.min(n, src.length));
                }
                try {
                    ip.platform.writeMemory(fu.region.offset + start, out);
                } catch (RuntimeException e) {
                    throw platformError(e, at);
                }
                return;
            }
            long unitBits = 8L * a;
            long first = fu.bitOffset / unitBits;
            long last = (fu.bitOffset + fu.bitLength - 1) / unitBits;
            int units = (int) (last - first + 1);
            long startBit = fu.bitOffset - first * unitBits;
            byte[] bits = new byte[units * a];
            byte[] mask = new byte[units * a];
            deposit(bits, startBit, fu.bitLength, src);
            deposit(mask, startBit, fu.bitLength, ALL_ONES.length * 8L >= fu.bitLength ? ALL_ONES : ones(fu.bitLength));
            // unit by unit, in address order: a partly covered unit is read (Preserve) just before it is written
            for (int u = 0; u < units; u++) {
                long v = 0;
                long m = 0;
                for (int k = a - 1; k >= 0; k--) {
                    v = (v << 8) | (bits[u * a + k] & 0xFF);
                    m = (m << 8) | (mask[u * a + k] & 0xFF);
                }
                long full = a == 8 ? -1L : (1L << (8 * a)) - 1;
                if (m != full) {
                    long fill = switch (fu.updateRule) {
                        case AmlFieldUnit.WRITE_AS_ONES -> -1L;
                        case AmlFieldUnit.WRITE_AS_ZEROS -> 0L;
                        default -> readUnit(ip, fu, first + u, a, at);
                    };
                    v = (fill & ~m) | (v & m);
                }
                writeUnit(ip, fu, first + u, a, v & full, at);
            }
        } finally {
            if (locked) {
                ip.releaseGlobalLock();
            }
        }
    }

    private static long readUnit(Interpreter ip, AmlFieldUnit fu, long unit, int a, Node at) {
        long byteOffset = unit * a;
        switch (fu.kind) {
            case INDEX: {
                writeUnitBits(ip, fu.indexField, Conversions.integerBytes(byteOffset, 8), at);
                byte[] d = readUnitBits(ip, fu.dataField, at);
                return Conversions.bytesToInteger(d, a);
            }
            case BANK:
                writeUnitBits(ip, fu.bankField, Conversions.integerBytes(fu.bankValue, 8), at);
                return regionRead(ip, fu.region, byteOffset, a, at);
            default:
                return regionRead(ip, fu.region, byteOffset, a, at);
        }
    }

    private static void writeUnit(Interpreter ip, AmlFieldUnit fu, long unit, int a, long v, Node at) {
        long byteOffset = unit * a;
        switch (fu.kind) {
            case INDEX:
                writeUnitBits(ip, fu.indexField, Conversions.integerBytes(byteOffset, 8), at);
                writeUnitBits(ip, fu.dataField, Conversions.integerBytes(v, 8), at);
                return;
            case BANK:
                writeUnitBits(ip, fu.bankField, Conversions.integerBytes(fu.bankValue, 8), at);
                regionWrite(ip, fu.region, byteOffset, a, v, at);
                return;
            default:
                regionWrite(ip, fu.region, byteOffset, a, v, at);
        }
    }

    private static void checkRegion(AmlRegion r, long byteOffset, long n, Node at) {
        if (byteOffset < 0 || byteOffset + n > r.length) {
            throw at.error("AE_AML_REGION_LIMIT", String.format(
                    "access at offset 0x%X width %d beyond region %s of 0x%X bytes", byteOffset, n, r.name, r.length));
        }
    }

    private static long regionRead(Interpreter ip, AmlRegion r, long byteOffset, int a, Node at) {
        checkRegion(r, byteOffset, a, at);
        Platform p = ip.platform;
        try {
            switch (r.space) {
                case AmlRegion.SYSTEM_MEMORY:
                    return p.readMemory(r.offset + byteOffset, a);
                case AmlRegion.SYSTEM_IO:
                    if (a > 4) {
                        throw at.error("AE_AML_OPERAND_VALUE", "SystemIO access wider than 4 bytes");
                    }
                    return p.readIo((int) (r.offset + byteOffset), a);
                default:
                    RegionHandler h = ip.regionHandlers.get(r.space);
                    if (h == null) {
                        throw at.error("AE_NOT_EXIST", "no handler for address space " + r.space + " (region " + r.name + ")");
                    }
                    return h.read(r.offset + byteOffset, a);
            }
        } catch (AmlException e) {
            throw e;
        } catch (RuntimeException e) {
            throw platformError(e, at);
        }
    }

    private static void regionWrite(Interpreter ip, AmlRegion r, long byteOffset, int a, long v, Node at) {
        checkRegion(r, byteOffset, a, at);
        Platform p = ip.platform;
        long masked = a == 8 ? v : v & ((1L << (8 * a)) - 1);
        try {
            switch (r.space) {
                case AmlRegion.SYSTEM_MEMORY:
                    p.writeMemory(r.offset + byteOffset, a, masked);
                    return;
                case AmlRegion.SYSTEM_IO:
                    if (a > 4) {
                        throw at.error("AE_AML_OPERAND_VALUE", "SystemIO access wider than 4 bytes");
                    }
                    p.writeIo((int) (r.offset + byteOffset), a, masked);
                    return;
                default:
                    RegionHandler h = ip.regionHandlers.get(r.space);
                    if (h == null) {
                        throw at.error("AE_NOT_EXIST", "no handler for address space " + r.space + " (region " + r.name + ")");
                    }
                    h.write(r.offset + byteOffset, a, masked);
            }
        } catch (AmlException e) {
            throw e;
        } catch (RuntimeException e) {
            throw platformError(e, at);
        }
    }

    /**
     * The table at the start of a SystemMemory region, as Load reads it (ACPI 6.4 §19.6, Load): its header first,
     * then as many bytes as the header's Length says — from the region's base, whatever the region's own length,
     * as ACPICA reads it — up to {@link DefinitionBlocks#MAX_TABLE_LENGTH}.
     */
    public static byte[] regionTable(Interpreter ip, AmlRegion r, Node at) {
        byte[] header = new byte[AmlTable.HEADER_SIZE];
        readMemory(ip, r.offset, header, at);
        long length = AmlTable.headerLength(header);
        if (length < AmlTable.HEADER_SIZE || length > DefinitionBlocks.MAX_TABLE_LENGTH) {
            throw at.error("AE_INVALID_TABLE_LENGTH", String.format("Load: region %s holds a table of length %d"
                    + " (a table is %d bytes to %d MiB)", r.name, length, AmlTable.HEADER_SIZE,
                    DefinitionBlocks.MAX_TABLE_LENGTH >> 20));
        }
        byte[] table = new byte[(int) length];
        readMemory(ip, r.offset, table, at);
        return table;
    }

    private static void readMemory(Interpreter ip, long address, byte[] into, Node at) {
        try {
            ip.platform.readMemory(address, into);
        } catch (RuntimeException e) {
            throw platformError(e, at);
        }
    }

    private static AmlException platformError(RuntimeException e, Node at) {
        return new AmlException("AE_AML_REGION_ACCESS", "platform access failed: " + e, e).locate(at);
    }
}
