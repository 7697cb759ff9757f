package dev.vnvdimm.emulator.acpi.aml;

import dev.vnvdimm.abi.acpi.AcpiTableHeader;

import java.util.IdentityHashMap;

/**
 * {@code DefinitionBlock(...) { TermList }}: a whole DSDT or SSDT (ACPI 6.4 §20.2.1 AMLCode := DefBlockHeader
 * TermList). The 36-byte DefBlockHeader is the standard table header; {@link #build()} writes it with
 * {@link AcpiTableHeader}, which also fills in the length and the checksum.
 */
public final class DefinitionBlock {

    private final AcpiTableHeader header;
    private final TermList body = new TermList();

    DefinitionBlock(AcpiTableHeader header) {
        this.header = header;
    }

    public DefinitionBlock append(AmlTerm... terms) {
        for (AmlTerm t : terms) {
            body.add(t);
        }
        return this;
    }

    public AcpiTableHeader header() {
        return header;
    }

    /** Encodes header and body into a sealed table. */
    public AmlTable build() {
        AmlWriter out = new AmlWriter();
        out.writeBytes(new byte[AcpiTableHeader.SIZE]);
        body.writeTo(out);
        byte[] table = header.seal(out.toByteArray());
        return new AmlTable(table, new IdentityHashMap<>(out.placeholders()));
    }
}
