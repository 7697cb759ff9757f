package dev.vnvdimm.emulator.acpi.aml;

import dev.vnvdimm.abi.aml.AmlOpcode;

import java.util.List;

/** A fixed-shape term: an opcode followed by its operands, with no PkgLength (most Type 1 and Type 2 opcodes). */
final class AmlOp implements AmlTerm {

    private final int opcode;
    private final List<AmlTerm> operands;

    AmlOp(int opcode, AmlTerm... operands) {
        this.opcode = opcode;
        this.operands = List.of(operands);
    }

    @Override
    public int length() {
        int n = AmlOpcode.length(opcode);
        for (AmlTerm t : operands) {
            n += t.length();
        }
        return n;
    }

    @Override
    public void writeTo(AmlWriter out) {
        out.writeOpcode(opcode);
        operands.forEach(t -> t.writeTo(out));
    }
}
