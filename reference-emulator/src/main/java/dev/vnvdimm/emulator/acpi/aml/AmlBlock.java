package dev.vnvdimm.emulator.acpi.aml;

import dev.vnvdimm.abi.aml.AmlOpcode;
import dev.vnvdimm.abi.aml.PkgLength;

import java.util.List;

/**
 * A term with a PkgLength and a body that grows by {@link #append}: Scope, Device, Method, If, Else, While
 * (§20.2.5), and the data blocks Buffer, Package and VarPackage, whose bodies are given at creation. Encoded as {@code opcode PkgLength head... body...}, where the head holds the fixed operands
 * (name, flags, predicate) and the PkgLength counts everything after the opcode (§20.2.4).
 */
public final class AmlBlock implements AmlTerm {

    private final int opcode;
    private final List<AmlTerm> head;
    private final TermList body = new TermList();

    AmlBlock(int opcode, AmlTerm... head) {
        this.opcode = opcode;
        this.head = List.of(head);
    }

    /** Adds terms to the end of the body, in order. Else/ElseIf attach to the preceding If (see {@link Aml#elseIf}). */
    public AmlBlock append(AmlTerm... terms) {
        for (AmlTerm t : terms) {
            body.add(t);
        }
        return this;
    }

    /** The block's opcode, e.g. {@link AmlOpcode#METHOD_OP}. */
    public int opcode() {
        return opcode;
    }

    private int contentLength() {
        int n = body.length();
        for (AmlTerm t : head) {
            n += t.length();
        }
        return n;
    }

    @Override
    public int length() {
        int content = contentLength();
        return AmlOpcode.length(opcode) + PkgLength.forBody(content).length + content;
    }

    @Override
    public void writeTo(AmlWriter out) {
        out.writeOpcode(opcode);
        out.writeBytes(PkgLength.forBody(contentLength()));
        head.forEach(t -> t.writeTo(out));
        body.writeTo(out);
    }
}
