package dev.vnvdimm.abi.acpi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The Root System Description Table (ACPI 6.4 §5.2.7): the standard header followed by one 32-bit
 * physical address per table (except the FACS and DSDT, which only the FADT points to).
 */
public final class Rsdt {

    public static final String SIGNATURE = "RSDT";
    public static final int REVISION = 1;
    /** Offset of the first entry. */
    public static final int ENTRIES = AcpiTableHeader.SIZE;
    public static final int ENTRY_SIZE = 4;

    private Rsdt() {
    }

    /** An RSDT with QEMU's header pointing at {@code addresses}, in order. */
    public static byte[] build(List<Long> addresses) {
        byte[] table = new byte[ENTRIES + ENTRY_SIZE * addresses.size()];
        ByteBuffer b = ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < addresses.size(); i++) {
            long a = addresses.get(i);
            if (a < 0 || a > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("RSDT entry " + i + " does not fit in 32 bits: 0x" + Long.toHexString(a));
            }
            b.putInt(entryOffset(i), (int) a);
        }
        return AcpiTableHeader.qemu(SIGNATURE, REVISION).seal(table);
    }

    /** Where entry {@code i} lives in the table: the offset an ADD_POINTER command patches. */
    public static int entryOffset(int i) {
        return ENTRIES + ENTRY_SIZE * i;
    }

    /** The addresses an RSDT lists. */
    public static List<Long> entries(byte[] table) {
        ByteBuffer b = ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN);
        int length = b.getInt(AcpiTableHeader.LENGTH);
        if (length < ENTRIES || length > table.length || (length - ENTRIES) % ENTRY_SIZE != 0) {
            throw new AcpiTableFormatException(SIGNATURE, AcpiTableHeader.LENGTH, "Length " + length
                    + " is not the 36-byte header plus whole 4-byte entries within " + table.length + " bytes");
        }
        List<Long> out = new ArrayList<>();
        for (int at = ENTRIES; at < length; at += ENTRY_SIZE) {
            out.add(Integer.toUnsignedLong(b.getInt(at)));
        }
        return out;
    }
}
