package dev.vnvdimm.emulator.acpi.aml;

import java.util.Map;

/**
 * A finished definition block: the sealed table bytes (header, length and checksum filled in) and where each
 * {@link NamedDWord} placeholder's value landed.
 */
public final class AmlTable {

    private final byte[] bytes;
    private final Map<NamedDWord, Integer> placeholders;

    AmlTable(byte[] bytes, Map<NamedDWord, Integer> placeholders) {
        this.bytes = bytes;
        this.placeholders = placeholders;
    }

    /** A copy of the table bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    /** Byte offset, from the start of the table, of the 4-byte value of {@code placeholder}. */
    public int offsetOf(NamedDWord placeholder) {
        Integer offset = placeholders.get(placeholder);
        if (offset == null) {
            throw new IllegalArgumentException("Name(" + placeholder.name() + ") is not part of this table");
        }
        return offset;
    }
}
