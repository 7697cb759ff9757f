package dev.vnvdimm.emulator.acpi.aml;

import dev.vnvdimm.abi.aml.AmlOpcode;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The byte sink terms encode into. It tracks the absolute position so that placeholders (a {@link NamedDWord}
 * the firmware patches later) can report where their value ended up in the finished table.
 */
public final class AmlWriter {

    private byte[] bytes = new byte[256];
    private int position;
    private final Map<NamedDWord, Integer> placeholders = new IdentityHashMap<>();

    /** Writes one byte (the low 8 bits of {@code b}). */
    public AmlWriter writeByte(int b) {
        ensure(1);
        bytes[position++] = (byte) b;
        return this;
    }

    public AmlWriter writeBytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, bytes, position, b.length);
        position += b.length;
        return this;
    }

    /** Writes the low {@code width} bytes of {@code value}, little-endian as all AML multi-byte data (§20.2.3). */
    public AmlWriter writeLittleEndian(long value, int width) {
        for (int i = 0; i < width; i++) {
            writeByte((int) (value >>> (8 * i)));
        }
        return this;
    }

    /** Writes an opcode in one byte, or two for an ExtOpPrefix opcode ({@link AmlOpcode#isExtended}). */
    public AmlWriter writeOpcode(int opcode) {
        if (AmlOpcode.isExtended(opcode)) {
            writeByte(AmlOpcode.EXT_OP_PREFIX);
        }
        return writeByte(opcode);
    }

    /** Remembers that {@code placeholder}'s value starts at the current position. */
    void markPlaceholder(NamedDWord placeholder) {
        placeholders.put(placeholder, position);
    }

    public int position() {
        return position;
    }

    Map<NamedDWord, Integer> placeholders() {
        return placeholders;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, position);
    }

    private void ensure(int more) {
        if (position + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, position + more));
        }
    }
}
