package dev.vnvdimm.emulator.acpi.aml;

/**
 * A piece of AML that knows its encoded size and how to write itself: a term, a data object, a name or an
 * operand. Terms are composed into trees ({@link AmlBlock#append}) and encoded once, when the table is built,
 * so a parent can size its PkgLength before writing its children.
 */
public interface AmlTerm {

    /** The number of bytes {@link #writeTo} writes. */
    int length();

    /** Writes the encoding at the writer's current position. */
    void writeTo(AmlWriter out);

    /** This term's bytes on their own (placeholder offsets are then relative to the term's first byte). */
    default byte[] encode() {
        AmlWriter out = new AmlWriter();
        writeTo(out);
        return out.toByteArray();
    }
}
