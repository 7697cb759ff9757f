package dev.vnvdimm.abi.acpi;

/**
 * A table or structure that does not follow its binary layout. The message names the table and the byte
 * offset where the problem is, e.g. {@code NFIT offset 0x60: structure length 40, Memory Device to SPA
 * Range Map is 48}.
 */
public class AcpiTableFormatException extends IllegalArgumentException {

    private final String table;
    private final int offset;

    public AcpiTableFormatException(String table, int offset, String problem) {
        super(table + " offset 0x" + Integer.toHexString(offset) + ": " + problem);
        this.table = table;
        this.offset = offset;
    }

    /** The table (signature or file name) the problem was found in. */
    public String table() {
        return table;
    }

    /** The byte offset of the problem, from the start of the parsed bytes. */
    public int offset() {
        return offset;
    }
}
