package dev.vnvdimm.emulator.acpi.aml;

import dev.vnvdimm.abi.aml.AmlOpcode;

import java.util.ArrayList;
import java.util.List;

/**
 * The ordered contents of a block (§20.2.1 TermList). It also applies the one ASL rule that is not a plain
 * sequence: an Else or ElseIf belongs to the If/ElseIf right before it. {@code If(a){} ElseIf(b){} Else{}} is
 * encoded as {@code If(a){} Else{ If(b){} Else{} }}, so a term that follows an ElseIf is handed to that ElseIf.
 */
final class TermList {

    private final List<AmlTerm> terms = new ArrayList<>();

    void add(AmlTerm term) {
        if (isElse(term)) {
            AmlTerm last = terms.isEmpty() ? null : terms.get(terms.size() - 1);
            if (last instanceof ElseIf elseIf) {
                elseIf.chain(term);
                return;
            }
            if (!(last instanceof AmlBlock block && block.opcode() == AmlOpcode.IF_OP)) {
                throw new IllegalStateException("Else/ElseIf must directly follow an If or ElseIf in the same block");
            }
        }
        terms.add(term);
    }

    static boolean isElse(AmlTerm term) {
        return term instanceof ElseIf || (term instanceof AmlBlock b && b.opcode() == AmlOpcode.ELSE_OP);
    }

    int length() {
        int n = 0;
        for (AmlTerm t : terms) {
            n += t.length();
        }
        return n;
    }

    void writeTo(AmlWriter out) {
        terms.forEach(t -> t.writeTo(out));
    }
}
