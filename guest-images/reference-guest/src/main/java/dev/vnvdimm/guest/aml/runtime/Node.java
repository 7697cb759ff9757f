package dev.vnvdimm.guest.aml.runtime;

/**
 * One parsed AML term, ready to execute: a method body is parsed once into a tree of these (see
 * the parser package) and then run as often as the method is called, never re-decoding bytes.
 * <p>{@link #eval} gives the term's value as an operand (a TermArg); {@link #exec} runs it as a statement;
 * {@link #raw} gives the object itself without reading fields or calling methods (SuperName operands of
 * ObjectType, SizeOf, RefOf …); {@link #store} writes through it when it is a Target.
 * <p>The evaluation methods are public for the operators package, whose opcode nodes override them.
 */
public abstract class Node {
    public final int op;
    public final int offset;
    public final AmlTable table;

    protected Node(int op, int offset, AmlTable table) {
        this.op = op;
        this.offset = offset;
        this.table = table;
    }

    public abstract AmlObject eval(Frame f);

    public void exec(Frame f) {
        eval(f);
    }

    public AmlObject raw(Frame f) {
        return eval(f);
    }

    /** Stores {@code value} into this term used as a Target (ACPI 6.4 §19.3.5.8); by default via the reference it yields. */
    public void store(Frame f, AmlObject value) {
        AmlObject r = eval(f);
        if (r instanceof AmlReference ref) {
            Store.throughReference(f, ref, value, this);
            return;
        }
        throw error("AE_AML_OPERAND_TYPE", "not a valid store target: " + ObjectTypes.describe(r));
    }

    /** True for the NullName target (store nowhere). */
    public boolean isNullTarget() {
        return false;
    }

    public final AmlException error(String status, String detail) {
        return new AmlException(status, detail).locate(this);
    }
}
