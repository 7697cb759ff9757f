package dev.vnvdimm.guest.aml.runtime;

/**
 * An object reference (ACPI 6.4 §19.3.5 "ObjectReference"): made by RefOf/CondRefOf (to a named object, a Local
 * or an Arg) or by Index (to one element of a Buffer, String or Package).
 */
public final class AmlReference extends AmlObject {
    /** What the reference points at. */
    public enum Kind { NAME, LOCAL, ARG, INDEX }

    public final Kind kind;
    public final NamespaceNode node;
    final Frame frame;
    public final AmlObject container;
    final int index;

    private AmlReference(Kind kind, NamespaceNode node, Frame frame, AmlObject container, int index) {
        this.kind = kind;
        this.node = node;
        this.frame = frame;
        this.container = container;
        this.index = index;
    }

    public static AmlReference toName(NamespaceNode node) {
        return new AmlReference(Kind.NAME, node, null, null, 0);
    }

    public static AmlReference toLocal(Frame frame, int index) {
        return new AmlReference(Kind.LOCAL, null, frame, null, index);
    }

    public static AmlReference toArg(Frame frame, int index) {
        return new AmlReference(Kind.ARG, null, frame, null, index);
    }

    static AmlReference toElement(AmlObject container, int index) {
        return new AmlReference(Kind.INDEX, null, null, container, index);
    }

    public Kind kind() {
        return kind;
    }

    /** The named object for a {@link Kind#NAME} reference, else null. */
    public NamespaceNode node() {
        return node;
    }

    /** The Buffer, String or Package for an {@link Kind#INDEX} reference, else null. */
    public AmlObject container() {
        return container;
    }

    public int index() {
        return index;
    }

    @Override
    public ObjectType type() {
        return ObjectType.REFERENCE;
    }
}
