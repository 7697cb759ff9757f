package dev.vnvdimm.guest.aml.operators;

import dev.vnvdimm.guest.aml.runtime.AmlBufferField;
import dev.vnvdimm.guest.aml.runtime.AmlFieldUnit;
import dev.vnvdimm.guest.aml.runtime.AmlMethod;
import dev.vnvdimm.guest.aml.runtime.AmlObject;
import dev.vnvdimm.guest.aml.runtime.AmlReference;
import dev.vnvdimm.guest.aml.runtime.AmlTable;
import dev.vnvdimm.guest.aml.runtime.ExtraOpcodes;
import dev.vnvdimm.guest.aml.runtime.FieldIo;
import dev.vnvdimm.guest.aml.runtime.Frame;
import dev.vnvdimm.guest.aml.runtime.NameString;
import dev.vnvdimm.guest.aml.runtime.NamespaceNode;
import dev.vnvdimm.guest.aml.runtime.Node;
import dev.vnvdimm.guest.aml.runtime.Store;

/**
 * NameString terms: a reference to a named object (evaluates to its value: fields are read, a method is
 * called with no arguments) and a method invocation (ACPI 6.4 §20.2.5 MethodInvocation), whose argument count
 * was known when the body was parsed.
 */
public final class Names {
    private Names() {
    }

    public static final class NameRef extends Node {
        final NameString name;

        public NameRef(int off, AmlTable t, NameString name) {
            super(ExtraOpcodes.NAME_STRING, off, t);
            this.name = name;
        }

        NamespaceNode node(Frame f) {
            return f.lookup(name, this);
        }

        @Override
        public AmlObject eval(Frame f) {
            NamespaceNode n = node(f);
            AmlObject o = n.object;
            if (o instanceof AmlFieldUnit || o instanceof AmlBufferField) {
                return FieldIo.read(f.interp, o, this);
            }
            if (o instanceof AmlMethod m) {
                return f.interp.invoke(m, new AmlObject[0], f, this);
            }
            return o;
        }

        @Override
        public AmlObject raw(Frame f) {
            return node(f).object;
        }

        @Override
        public void store(Frame f, AmlObject value) {
            Store.toNamed(f, node(f), value, this);
        }

        AmlReference reference(Frame f) {
            return AmlReference.toName(node(f));
        }

        @Override
        public String toString() {
            return name.toString();
        }
    }

    public static final class MethodCall extends Node {
        final NameString name;
        final Node[] args;

        public MethodCall(int off, AmlTable t, NameString name, Node[] args) {
            super(ExtraOpcodes.NAME_STRING, off, t);
            this.name = name;
            this.args = args;
        }

        @Override
        public AmlObject eval(Frame f) {
            NamespaceNode n = f.lookup(name, this);
            if (!(n.object instanceof AmlMethod m)) {
                throw error("AE_AML_OPERAND_TYPE", name + " is a " + n.type() + ", not a method");
            }
            AmlObject[] values = new AmlObject[args.length];
            for (int i = 0; i < args.length; i++) {
                values[i] = args[i].eval(f);
            }
            return f.interp.invoke(m, values, f, this);
        }
    }
}
