package dev.vnvdimm.emulator.acpi.aml;

import dev.vnvdimm.abi.aml.AmlOpcode;

/**
 * {@code Name(NAME, DWordConst)} with the value always a DWordConst ({@code 0x08 NameString 0x0C DWordData},
 * ACPI 6.4 §20.2.5.1 DefName, §20.2.3 DWordConst), never shortened to Zero/One/Byte/Word. That fixed 4-byte slot
 * is a placeholder the firmware patches after the table is built (QEMU's linker/loader ADD_POINTER adds the
 * address of an allocated block to it); {@link AmlTable#offsetOf} gives its byte offset in the table.
 */
public final class NamedDWord implements AmlTerm {

    private final NameString name;
    private final long value;

    NamedDWord(NameString name, long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("Named DWord value must fit in 32 bits: 0x" + Long.toHexString(value));
        }
        this.name = name;
        this.value = value;
    }

    public NameString name() {
        return name;
    }

    public long value() {
        return value;
    }

    @Override
    public int length() {
        return 1 + name.length() + 1 + 4;
    }

    @Override
    public void writeTo(AmlWriter out) {
        out.writeByte(AmlOpcode.NAME_OP);
        name.writeTo(out);
        out.writeByte(AmlOpcode.DWORD_PREFIX);
        out.markPlaceholder(this);
        out.writeLittleEndian(value, 4);
    }
}
