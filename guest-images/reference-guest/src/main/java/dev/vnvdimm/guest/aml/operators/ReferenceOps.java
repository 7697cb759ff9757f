package dev.vnvdimm.guest.aml.operators;

import dev.vnvdimm.abi.aml.AmlOpcode;
import dev.vnvdimm.guest.aml.runtime.AmlBufferField;
import dev.vnvdimm.guest.aml.runtime.AmlFieldUnit;
import dev.vnvdimm.guest.aml.runtime.AmlInteger;
import dev.vnvdimm.guest.aml.runtime.AmlObject;
import dev.vnvdimm.guest.aml.runtime.AmlPackage;
import dev.vnvdimm.guest.aml.runtime.AmlReference;
import dev.vnvdimm.guest.aml.runtime.AmlString;
import dev.vnvdimm.guest.aml.runtime.AmlTable;
import dev.vnvdimm.guest.aml.runtime.AmlUninitialized;
import dev.vnvdimm.guest.aml.runtime.Conversions;
import dev.vnvdimm.guest.aml.runtime.FieldIo;
import dev.vnvdimm.guest.aml.runtime.Frame;
import dev.vnvdimm.guest.aml.runtime.NameString;
import dev.vnvdimm.guest.aml.runtime.NamespaceNode;
import dev.vnvdimm.guest.aml.runtime.Node;
import dev.vnvdimm.guest.aml.runtime.ObjectType;
import dev.vnvdimm.guest.aml.runtime.ObjectTypes;
import dev.vnvdimm.guest.aml.runtime.References;
import dev.vnvdimm.guest.aml.runtime.Store;

/**
 * Store, CopyObject and the reference operators (ACPI 6.4 §19.6.132 Store, §19.6.17 CopyObject, §19.6.115 RefOf,
 * §19.6.18 CondRefOf, §19.6.30 DerefOf, §19.6.63 Index, §19.6.97 ObjectType).
 */
public final class ReferenceOps {
    private ReferenceOps() {
    }

    /** A reference to what a SuperName names: a named object, a Local, an Arg, or what an Index yields. */
    static AmlReference referenceTo(Frame f, Node n) {
        if (n instanceof Names.NameRef nr) {
            return nr.reference(f);
        }
        if (n instanceof Variables.Local l) {
            return l.reference(f);
        }
        if (n instanceof Variables.Arg a) {
            return a.reference(f);
        }
        AmlObject o = n.eval(f);
        if (o instanceof AmlReference r) {
            return r;
        }
        throw n.error("AE_AML_OPERAND_TYPE", "not a reference: " + ObjectTypes.describe(o));
    }

    public static final class StoreOp extends Node {
        final Node src;
        final Node dst;

        public StoreOp(int off, AmlTable t, Node src, Node dst) {
            super(AmlOpcode.STORE_OP, off, t);
            this.src = src;
            this.dst = dst;
        }

        @Override
        public AmlObject eval(Frame f) {
            AmlObject v = src.eval(f);
            dst.store(f, v);
            return v;
        }
    }

    /** CopyObject: like Store but a named target takes the source's type (fields are still written). */
    public static final class CopyObject extends Node {
        final Node src;
        final Node dst;

        public CopyObject(int off, AmlTable t, Node src, Node dst) {
            super(AmlOpcode.COPY_OBJECT_OP, off, t);
            this.src = src;
            this.dst = dst;
        }

        @Override
        public AmlObject eval(Frame f) {
            AmlObject v = src.eval(f);
            if (dst instanceof Names.NameRef nr) {
                NamespaceNode n = nr.node(f);
                if (n.object instanceof AmlFieldUnit || n.object instanceof AmlBufferField) {
                    FieldIo.write(f.interp, n.object, v, f, this);
                } else {
                    n.object = Store.copyValue(Conversions.value(f, v, this));
                }
            } else {
                dst.store(f, v);
            }
            return v;
        }
    }

    public static final class RefOf extends Node {
        final Node a;

        public RefOf(int off, AmlTable t, Node a) {
            super(AmlOpcode.REF_OF_OP, off, t);
            this.a = a;
        }

        @Override
        public AmlObject eval(Frame f) {
            return referenceTo(f, a);
        }
    }

    /** CondRefOf: Ones and a reference stored to the target if the object exists, else Zero. */
    public static final class CondRefOf extends Node {
        final Node a;
        final Node target;

        public CondRefOf(int off, AmlTable t, Node a, Node target) {
            super(AmlOpcode.COND_REF_OF_OP, off, t);
            this.a = a;
            this.target = target;
        }

        @Override
        public AmlObject eval(Frame f) {
            AmlReference r;
            if (a instanceof Names.NameRef nr) {
                NamespaceNode n = f.interp.namespace.resolve(f.scope, nr.name);
                if (n == null) {
                    return AmlInteger.ZERO;
                }
                r = AmlReference.toName(n.target());
            } else {
                if (a.raw(f) instanceof AmlUninitialized) {
                    return AmlInteger.ZERO;
                }
                r = referenceTo(f, a);
            }
            if (!target.isNullTarget()) {
                target.store(f, r);
            }
            return f.interp.ones;
        }
    }

    /** DerefOf: the object a reference refers to; a String operand is a path to look up. */
    public static final class DerefOf extends Node {
        final Node a;

        public DerefOf(int off, AmlTable t, Node a) {
            super(AmlOpcode.DEREF_OF_OP, off, t);
            this.a = a;
        }

        AmlReference ref(Frame f) {
            AmlObject o = a.eval(f);
            if (o instanceof AmlReference r) {
                return r;
            }
            if (o instanceof AmlString s) {
                NamespaceNode n = f.interp.namespace.resolve(f.scope, NameString.parse(s.value));
                if (n == null) {
                    throw error("AE_NOT_FOUND", "DerefOf: " + s.value + " not found");
                }
                return AmlReference.toName(n.target());
            }
            throw error("AE_AML_OPERAND_TYPE", "DerefOf needs a reference, not " + ObjectTypes.describe(o));
        }

        @Override
        public AmlObject eval(Frame f) {
            AmlObject o = References.deref(f, ref(f), this);
            if (o instanceof AmlFieldUnit || o instanceof AmlBufferField) {
                return FieldIo.read(f.interp, o, this);
            }
            return o;
        }

        @Override
        public AmlObject raw(Frame f) {
            return References.deref(f, ref(f), this);
        }

        @Override
        public void store(Frame f, AmlObject value) {
            Store.throughReference(f, ref(f), value, this);
        }
    }

    public static final class Index extends Node {
        final Node src;
        final Node index;
        final Node target;

        public Index(int off, AmlTable t, Node src, Node index, Node target) {
            super(AmlOpcode.INDEX_OP, off, t);
            this.src = src;
            this.index = index;
            this.target = target;
        }

        @Override
        public AmlObject eval(Frame f) {
            AmlObject s = src.eval(f);
            if (s instanceof AmlReference r) {
                s = References.deref(f, r, this);
            }
            if (s instanceof AmlFieldUnit || s instanceof AmlBufferField) {
                s = FieldIo.read(f.interp, s, this);
            }
            long i = Conversions.toInteger(f, index.eval(f), index);
            AmlReference r = References.index(s, i, this);
            if (!target.isNullTarget()) {
                target.store(f, r);
            }
            return r;
        }
    }

    public static final class ObjectTypeOp extends Node {
        final Node a;

        public ObjectTypeOp(int off, AmlTable t, Node a) {
            super(AmlOpcode.OBJECT_TYPE_OP, off, t);
            this.a = a;
        }

        @Override
        public AmlObject eval(Frame f) {
            AmlObject o = a.raw(f);
            int guard = 0;
            if (o instanceof AmlReference r && r.kind == AmlReference.Kind.INDEX && !(r.container instanceof AmlPackage)) {
                // an Index into a Buffer or String is a buffer field (14), as acpiexec reports
                return AmlInteger.of(ObjectType.BUFFER_FIELD.code());
            }
            while (o instanceof AmlReference r && guard++ < 16) {
                o = References.deref(f, r, this);
            }
            return AmlInteger.of(o == null ? 0 : Math.max(0, o.type().code()));
        }
    }
}
