package dev.vnvdimm.guest.aml.operators;

import dev.vnvdimm.abi.aml.AmlOpcode;
import dev.vnvdimm.guest.aml.runtime.AmlBuffer;
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
import dev.vnvdimm.guest.aml.runtime.ExtraOpcodes;
import dev.vnvdimm.guest.aml.runtime.Frame;
import dev.vnvdimm.guest.aml.runtime.NameString;
import dev.vnvdimm.guest.aml.runtime.NamespaceNode;
import dev.vnvdimm.guest.aml.runtime.Node;
import dev.vnvdimm.guest.aml.runtime.Store;

import java.util.ArrayList;
import java.util.List;

/**
 * Data object terms (ACPI 6.4 §20.2.3): integer constants (Zero, One, Ones, Byte/Word/DWord/QWord constants,
 * already cut to the integer width at parse time), String, Buffer, Package/VarPackage, Revision and Timer.
 */
public final class Data {
    private Data() {
    }

    public static final class Const extends Node {
        final AmlObject value;

        public Const(int op, int off, AmlTable t, AmlObject value) {
            super(op, off, t);
            this.value = value;
        }

        @Override
        public AmlObject eval(Frame f) {
            return value;
        }
    }

    /** Buffer (§19.6.10): a new buffer each evaluation, BufferSize bytes (at least the initializer's length). */
    public static final class BufferTerm extends Node {
        final Node size;
        final byte[] init;

        public BufferTerm(int off, AmlTable t, Node size, byte[] init) {
            super(AmlOpcode.BUFFER_OP, off, t);
            this.size = size;
            this.init = init;
        }

        @Override
        public AmlObject eval(Frame f) {
            long n = Conversions.toInteger(f, size.eval(f), size);
            if (n < 0 || n > 64L * 1024 * 1024) {
                throw error("AE_AML_OPERAND_VALUE", "buffer size out of range: " + n);
            }
            byte[] d = new byte[(int) Math.max(n, init.length)];
            System.arraycopy(init, 0, d, 0, init.length);
            return new AmlBuffer(d);
        }
    }

    /**
     * Package / VarPackage (§19.6.101, §19.6.150): NumElements slots; elements beyond the initializer are
     * uninitialized. A NameString element is resolved when the package is built: to the named object's value
     * (a copy; fields are read) for data objects and fields, to a reference for anything else; an unresolvable
     * name is kept as a String holding the path (ACPICA keeps an unresolved reference and warns).
     */
    public static final class PackageTerm extends Node {
        final Node count;
        final Node[] elements;

        public PackageTerm(int op, int off, AmlTable t, Node count, Node[] elements) {
            super(op, off, t);
            this.count = count;
            this.elements = elements;
        }

        @Override
        public AmlObject eval(Frame f) {
            long n = Conversions.toInteger(f, count.eval(f), count);
            if (n < 0 || n > 1 << 20) {
                throw error("AE_AML_OPERAND_VALUE", "package size out of range: " + n);
            }
            int size = (int) Math.max(n, 0);
            List<AmlObject> items = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                if (i < elements.length) {
                    items.add(Store.copyValue(elements[i].eval(f)));
                } else {
                    items.add(AmlUninitialized.INSTANCE);
                }
            }
            return new AmlPackage(items);
        }
    }

    /** A NameString inside a package's element list. */
    public static final class NameElement extends Node {
        final NameString name;

        public NameElement(int off, AmlTable t, NameString name) {
            super(ExtraOpcodes.NAME_STRING, off, t);
            this.name = name;
        }

        @Override
        public AmlObject eval(Frame f) {
            NamespaceNode n = f.interp.namespace.resolve(f.scope, name);
            if (n == null) {
                return new AmlString(name.toString());
            }
            AmlObject o = n.object();
            if (o instanceof AmlInteger || o instanceof AmlString || o instanceof AmlBuffer || o instanceof AmlPackage
                    || o instanceof AmlFieldUnit || o instanceof AmlBufferField) {
                return Conversions.value(f, o, this);
            }
            return AmlReference.toName(n.target());
        }
    }

    public static final class Timer extends Node {
        public Timer(int off, AmlTable t) {
            super(AmlOpcode.TIMER_OP, off, t);
        }

        @Override
        public AmlObject eval(Frame f) {
            return AmlInteger.of((f.interp.clock.nanoTime() / 100) & f.interp.intMask);
        }
    }
}
