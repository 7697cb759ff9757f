package dev.vnvdimm.abi.acpi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The two root tables that list the other ACPI tables by physical address: the standard header followed by one
 * entry per table (every table but the FACS and the DSDT, which only the FADT points to). They differ only in the
 * width of an entry, so one definition serves both.
 */
public enum SystemDescriptionTable {
    /** Root System Description Table (ACPI 6.4 §5.2.7): 32-bit entries. */
    RSDT("RSDT", 4),
    /** Extended System Description Table (ACPI 6.4 §5.2.8): 64-bit entries. */
    XSDT("XSDT", 8);

    public static final int REVISION = 1;
    /** Offset of the first entry, in both. */
    public static final int ENTRIES = AcpiTableHeader.SIZE;

    private final String signature;
    private final int entrySize;

    SystemDescriptionTable(String signature, int entrySize) {
        this.signature = signature;
        this.entrySize = entrySize;
    }

    public String signature() {
        return signature;
    }

    /** Bytes per entry: 4 in the RSDT, 8 in the XSDT. */
    public int entrySize() {
        return entrySize;
    }

    /** The table with QEMU's header pointing at {@code addresses}, in order. */
    public byte[] build(List<Long> addresses) {
        byte[] table = new byte[ENTRIES + entrySize * addresses.size()];
        ByteBuffer b = ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < addresses.size(); i++) {
            long a = addresses.get(i);
            if (entrySize == 4) {
                if (a < 0 || a > 0xFFFF_FFFFL) {
                    throw new IllegalArgumentException(signature + " entry " + i + " does not fit in 32 bits: 0x"
                            + Long.toHexString(a));
                }
                b.putInt(entryOffset(i), (int) a);
            } else {
                b.putLong(entryOffset(i), a);
            }
        }
        return AcpiTableHeader.qemu(signature, REVISION).seal(table);
    }

    /** Where entry {@code i} lives in the table: the offset an ADD_POINTER command patches. */
    public int entryOffset(int i) {
        return ENTRIES + entrySize * i;
    }

    /** The addresses the table lists. */
    public List<Long> entries(byte[] table) {
        ByteBuffer b = ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN);
        int length = b.getInt(AcpiTableHeader.LENGTH);
        if (length < ENTRIES || length > table.length || (length - ENTRIES) % entrySize != 0) {
            throw new AcpiTableFormatException(signature, AcpiTableHeader.LENGTH, "Length " + length
                    + " is not the 36-byte header plus whole " + entrySize + "-byte entries within " + table.length
                    + " bytes");
        }
        List<Long> out = new ArrayList<>();
        for (int at = ENTRIES; at < length; at += entrySize) {
            out.add(entrySize == 4 ? Integer.toUnsignedLong(b.getInt(at)) : b.getLong(at));
        }
        return out;
    }
}
