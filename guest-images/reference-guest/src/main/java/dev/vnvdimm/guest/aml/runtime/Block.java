package dev.vnvdimm.guest.aml.runtime;

/**
 * A TermList: statements run in order until one requests a control transfer. Any failure is reported as an
 * {@link AmlException} located at the failing statement unless a deeper term already located it. In a table's
 * module-level code (an If or While at its top level) a failing statement is skipped with a warning and the next
 * one runs, as ACPICA does while it loads a table; in a method the failure ends the method.
 */
public final class Block extends Node {
    final Node[] terms;

    public Block(Node[] terms, int offset, AmlTable table) {
        super(-1, offset, table);
        this.terms = terms;
    }

    @Override
    public AmlObject eval(Frame f) {
        exec(f);
        return null;
    }

    @Override
    public void exec(Frame f) {
        Node[] t = terms;
        for (int i = 0; i < t.length; i++) {
            Node s = t[i];
            try {
                s.exec(f);
            } catch (AmlException e) {
                e.locate(s);
                if (!f.moduleLevel()) {
                    throw e;
                }
                f.interp.skipped(e);
                continue;
            } catch (ArithmeticException | IndexOutOfBoundsException | ClassCastException
                     | IllegalArgumentException | IllegalStateException | NullPointerException e) {
                throw new AmlException("AE_AML_INTERNAL", e.toString(), e).locate(s);
            }
            if (f.control != Frame.NORMAL) {
                return;
            }
        }
    }
}
