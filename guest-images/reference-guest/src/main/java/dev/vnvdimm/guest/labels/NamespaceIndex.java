package dev.vnvdimm.guest.labels;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One namespace index block (UEFI 2.7 "Label Storage Area Description", the Namespace Index; Linux
 * {@code struct nd_namespace_index}): a 72-byte header followed by the free bitmap, the whole block rounded
 * up to 256 bytes. A set bit in the bitmap means the slot is free (bit {@code i} is bit {@code i % 8} of
 * byte {@code i / 8}). Immutable; the {@code with…} methods return changed copies and keep every byte
 * they do not change, as the kernel does when it derives the next index from the current one.
 */
public final class NamespaceIndex {

    public static final int SIG = 0;
    public static final int SIG_LEN = 16;
    public static final int FLAGS = 16;
    public static final int FLAGS_LEN = 3;
    public static final int LABELSIZE = 19;
    public static final int SEQ = 20;
    public static final int MYOFF = 24;
    public static final int MYSIZE = 32;
    public static final int OTHEROFF = 40;
    public static final int LABELOFF = 48;
    public static final int NSLOT = 56;
    public static final int MAJOR = 60;
    public static final int MINOR = 62;
    public static final int CHECKSUM = 64;
    public static final int FREE = 72;
    /** Size of the header, {@code sizeof(struct nd_namespace_index)} without the bitmap. */
    public static final int HEADER_SIZE = 72;
    /** Index blocks are padded to a multiple of this ({@code NSINDEX_ALIGN}). */
    public static final int ALIGN = 256;
    /** Only the low two bits of {@code seq} count ({@code NSINDEX_SEQ_MASK}). */
    public static final int SEQ_MASK = 3;

    static final byte[] SIGNATURE = "NAMESPACE_INDEX\0".getBytes(StandardCharsets.US_ASCII);

    /** Why an index block is not valid, in the order Linux ({@code __nd_label_validate}) and ndctl check. */
    public enum Problem {
        SIGNATURE("signature is not NAMESPACE_INDEX"),
        LABEL_SIZE("label size does not match the geometry"),
        CHECKSUM("checksum mismatch"),
        SEQUENCE("sequence number is 0"),
        MYOFF("myoff is not this block's offset"),
        OTHEROFF("otheroff is not the other block's offset"),
        LABELOFF("labeloff is not 2 * index size"),
        MYSIZE("mysize is outside [72, index size]"),
        NSLOT("nslot labels do not fit in the area");

        private final String text;

        Problem(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    private final byte[] block;

    private NamespaceIndex(byte[] block) {
        this.block = block;
    }

    /** The block in {@code area[offset, offset + size)}; the bytes are copied. */
    public static NamespaceIndex of(byte[] area, int offset, int size) {
        return new NamespaceIndex(Arrays.copyOfRange(area, offset, offset + size));
    }

    /** {@code ALIGN(72 + ceil(nslot / 8), 256)}: the size of one index block for {@code nslot} slots. */
    public static int sizeFor(int nslot) {
        int raw = HEADER_SIZE + (nslot + 7) / 8;
        return (raw + ALIGN - 1) / ALIGN * ALIGN;
    }

    /**
     * A freshly initialised index, every slot free, written as ndctl 76.1 {@code init-labels} writes it
     * ({@code padNdctlStyle}: the bitmap is all ones for {@code ALIGN(nslot, 64)} bits, so padding bits beyond
     * {@code nslot} are set) or as the kernel's own initialisation does (padding bits clear). Bytes of
     * {@code previous} outside the header and that bitmap are kept.
     */
    public static NamespaceIndex initial(LabelGeometry g, int index, int seq, byte[] previous, boolean padNdctlStyle) {
        byte[] b = Arrays.copyOf(previous, g.indexSize());
        int bits = (g.nslot() + 63) / 64 * 64;
        Arrays.fill(b, FREE, FREE + bits / 8, (byte) 0xFF);
        if (!padNdctlStyle) {
            for (int i = g.nslot(); i < bits; i++) {
                b[FREE + i / 8] &= (byte) ~(1 << (i % 8));
            }
        }
        Le.put32(b, NSLOT, g.nslot());
        return new NamespaceIndex(b).withHeader(g, index, seq);
    }

    /**
     * This block rewritten as block {@code index} of geometry {@code g} with sequence number {@code seq}:
     * signature, flags, label size, offsets, {@code mysize}, version and checksum are set; {@code nslot},
     * the bitmap and every other byte are kept.
     */
    public NamespaceIndex withHeader(LabelGeometry g, int index, int seq) {
        byte[] b = Arrays.copyOf(block, g.indexSize());
        System.arraycopy(SIGNATURE, 0, b, SIG, SIG_LEN);
        Arrays.fill(b, FLAGS, FLAGS + FLAGS_LEN, (byte) 0);
        b[LABELSIZE] = (byte) (g.labelSize() >> 8);
        Le.put32(b, SEQ, seq);
        Le.put64(b, MYOFF, g.indexOffset(index));
        Le.put64(b, MYSIZE, g.indexSize());
        Le.put64(b, OTHEROFF, g.indexOffset(1 - index));
        Le.put64(b, LABELOFF, g.labelOffset());
        Le.put16(b, MAJOR, 1);
        Le.put16(b, MINOR, g.labelSize() < 256 ? 1 : 2);
        return new NamespaceIndex(b).withChecksum();
    }

    /** This block with slot {@code slot} marked free or in use; the checksum is recomputed. */
    public NamespaceIndex withFree(int slot, boolean free) {
        byte[] b = block.clone();
        int at = FREE + slot / 8;
        int bit = 1 << (slot % 8);
        b[at] = (byte) (free ? (b[at] | bit) : (b[at] & ~bit));
        return new NamespaceIndex(b).withChecksum();
    }

    private NamespaceIndex withChecksum() {
        Le.put64(block, CHECKSUM, computeChecksum());
        return this;
    }

    /** Fletcher64 over the whole block with the checksum field taken as zero. */
    public long computeChecksum() {
        return Fletcher64.withFieldZeroed(block, 0, block.length, CHECKSUM);
    }

    /** The successor of a sequence number in the cycle 1 → 2 → 3 → 1 (0 stays 0; Linux {@code nd_inc_seq}). */
    public static int nextSeq(int seq) {
        return switch (seq & SEQ_MASK) {
            case 1 -> 2;
            case 2 -> 3;
            case 3 -> 1;
            default -> 0;
        };
    }

    /**
     * Which of two valid blocks is current (Linux {@code best_seq}): the one whose sequence number is the
     * successor of the other's; when they are equal, block 1. Returns 0 or 1.
     */
    public static int current(int seq0, int seq1) {
        int a = seq1 & SEQ_MASK;
        int b = seq0 & SEQ_MASK;
        int best;
        if (a == 0 || a == b) {
            best = b;
        } else if (b == 0) {
            best = a;
        } else if (nextSeq(a) == b) {
            best = b;
        } else {
            best = a;
        }
        return best == a ? 1 : 0;
    }

    /** Every rule of Linux {@code __nd_label_validate} that block {@code index} breaks under geometry {@code g}. */
    public List<Problem> problems(int index, LabelGeometry g) {
        List<Problem> out = new ArrayList<>();
        if (block.length < g.indexSize() || !Arrays.equals(block, SIG, SIG + SIG_LEN, SIGNATURE, 0, SIG_LEN)) {
            out.add(Problem.SIGNATURE);
            return out; // nothing else means anything without the signature
        }
        if (declaredLabelSize() != g.labelSize()) {
            out.add(Problem.LABEL_SIZE);
        }
        if (computeChecksum() != checksum()) {
            out.add(Problem.CHECKSUM);
        }
        if ((seq() & SEQ_MASK) == 0) {
            out.add(Problem.SEQUENCE);
        }
        if (myOff() != g.indexOffset(index)) {
            out.add(Problem.MYOFF);
        }
        if (otherOff() != g.indexOffset(1 - index)) {
            out.add(Problem.OTHEROFF);
        }
        if (labelOff() != g.labelOffset()) {
            out.add(Problem.LABELOFF);
        }
        if (Long.compareUnsigned(mySize(), g.indexSize()) > 0 || Long.compareUnsigned(mySize(), HEADER_SIZE) < 0) {
            out.add(Problem.MYSIZE);
        }
        if (Integer.toUnsignedLong(nslot()) * g.labelSize() + 2L * g.indexSize() > g.configSize()) {
            out.add(Problem.NSLOT);
        }
        return out;
    }

    /**
     * The label size the block declares: {@code 1 << (7 + labelsize)} for version 1.2 and later, else 128
     * (label sizes other than 128 arrived with v1.2).
     */
    public int declaredLabelSize() {
        return major() * 100 + minor() >= 102 ? 1 << (7 + (labelSizeCode() & 0x1F)) : 128;
    }

    /** The signature up to its first NUL, as ndctl prints it. */
    public String signature() {
        int end = SIG;
        while (end < SIG + SIG_LEN && block[end] != 0) {
            end++;
        }
        return new String(block, SIG, end - SIG, StandardCharsets.ISO_8859_1);
    }

    public int flags() {
        return (block[FLAGS] & 0xFF) | (block[FLAGS + 1] & 0xFF) << 8 | (block[FLAGS + 2] & 0xFF) << 16;
    }

    public int labelSizeCode() {
        return block[LABELSIZE] & 0xFF;
    }

    public int seq() {
        return Le.u32(block, SEQ);
    }

    public long myOff() {
        return Le.u64(block, MYOFF);
    }

    public long mySize() {
        return Le.u64(block, MYSIZE);
    }

    public long otherOff() {
        return Le.u64(block, OTHEROFF);
    }

    public long labelOff() {
        return Le.u64(block, LABELOFF);
    }

    public int nslot() {
        return Le.u32(block, NSLOT);
    }

    public int major() {
        return Le.u16(block, MAJOR);
    }

    public int minor() {
        return Le.u16(block, MINOR);
    }

    public long checksum() {
        return Le.u64(block, CHECKSUM);
    }

    /** Whether the bitmap marks {@code slot} free; slots outside the block's bitmap count as free. */
    public boolean isFree(int slot) {
        int at = FREE + slot / 8;
        return slot < 0 || at >= block.length || (block[at] >> (slot % 8) & 1) != 0;
    }

    /** Slots below {@code nslot} whose free bit is clear, in slot order. */
    public List<Integer> usedSlots() {
        List<Integer> used = new ArrayList<>();
        int n = Math.min(nslot(), (block.length - FREE) * 8);
        for (int s = 0; s < n; s++) {
            if (!isFree(s)) {
                used.add(s);
            }
        }
        return used;
    }

    /** The first free slot below {@code nslot}, or -1. */
    public int firstFreeSlot() {
        int n = Math.min(nslot(), (block.length - FREE) * 8);
        for (int s = 0; s < n; s++) {
            if (isFree(s)) {
                return s;
            }
        }
        return -1;
    }

    public int size() {
        return block.length;
    }

    public byte[] bytes() {
        return block.clone();
    }
}
