package dev.vnvdimm.emulator.acpi.aml;

import dev.vnvdimm.abi.aml.AmlOpcode;
import dev.vnvdimm.abi.aml.PkgLength;

/**
 * ASL's ElseIf, which has no opcode of its own: {@code ElseIf(p){...}} is {@code Else{ If(p){...} }} and a
 * further Else/ElseIf in the chain goes inside that Else, after the If (ACPI 6.4 §20.2.5.3 DefIfElse, DefElse).
 * iasl compiles ElseIf this way and disassembles the nesting back to ElseIf.
 */
public final class ElseIf implements AmlTerm {

    private final AmlBlock conditional;
    private AmlTerm next;

    ElseIf(AmlTerm predicate) {
        this.conditional = new AmlBlock(AmlOpcode.IF_OP, predicate);
    }

    /** Adds terms to the body run when the predicate is true. */
    public ElseIf append(AmlTerm... terms) {
        conditional.append(terms);
        return this;
    }

    /** Continues the chain with the next Else or ElseIf. */
    void chain(AmlTerm elseTerm) {
        if (next == null) {
            next = elseTerm;
        } else if (next instanceof ElseIf elseIf) {
            elseIf.chain(elseTerm);
        } else {
            throw new IllegalStateException("This If/ElseIf chain already ends with an Else");
        }
    }

    private int contentLength() {
        return conditional.length() + (next == null ? 0 : next.length());
    }

    @Override
    public int length() {
        int content = contentLength();
        return 1 + PkgLength.forBody(content).length + content;
    }

    @Override
    public void writeTo(AmlWriter out) {
        out.writeOpcode(AmlOpcode.ELSE_OP);
        out.writeBytes(PkgLength.forBody(contentLength()));
        conditional.writeTo(out);
        if (next != null) {
            next.writeTo(out);
        }
    }
}
