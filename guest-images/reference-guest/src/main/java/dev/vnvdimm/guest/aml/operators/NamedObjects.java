package dev.vnvdimm.guest.aml.operators;

import dev.vnvdimm.abi.aml.AmlOpcode;
import dev.vnvdimm.guest.aml.runtime.AmlBuffer;
import dev.vnvdimm.guest.aml.runtime.AmlBufferField;
import dev.vnvdimm.guest.aml.runtime.AmlContainer;
import dev.vnvdimm.guest.aml.runtime.AmlEvent;
import dev.vnvdimm.guest.aml.runtime.AmlFieldUnit;
import dev.vnvdimm.guest.aml.runtime.AmlMethod;
import dev.vnvdimm.guest.aml.runtime.AmlMutex;
import dev.vnvdimm.guest.aml.runtime.AmlObject;
import dev.vnvdimm.guest.aml.runtime.AmlReference;
import dev.vnvdimm.guest.aml.runtime.AmlRegion;
import dev.vnvdimm.guest.aml.runtime.AmlTable;
import dev.vnvdimm.guest.aml.runtime.Block;
import dev.vnvdimm.guest.aml.runtime.Conversions;
import dev.vnvdimm.guest.aml.runtime.FieldIo;
import dev.vnvdimm.guest.aml.runtime.Frame;
import dev.vnvdimm.guest.aml.runtime.NameString;
import dev.vnvdimm.guest.aml.runtime.NamespaceNode;
import dev.vnvdimm.guest.aml.runtime.Node;
import dev.vnvdimm.guest.aml.runtime.ObjectTypes;
import dev.vnvdimm.guest.aml.runtime.References;
import dev.vnvdimm.guest.aml.runtime.Store;
import java.util.ArrayList;

/**
 * Terms that create named objects (ACPI 6.4 §19.6: Name, Alias, Scope, Device, Processor, PowerResource,
 * ThermalZone, Method, Mutex, Event, OperationRegion, Create*Field). Executed at table load for the table's
 * top level, and each time a method body reaches them, in which case the object belongs to that invocation.
 */
public final class NamedObjects {
    private NamedObjects() {
    }

    public static final class NameDecl extends Node {
        final NameString name;
        final Node value;

        public NameDecl(int off, AmlTable t, NameString name, Node value) {
            super(AmlOpcode.NAME_OP, off, t);
            this.name = name;
            this.value = value;
        }

        @Override
        public AmlObject eval(Frame f) {
            AmlObject v = Conversions.value(f, value.eval(f), value);
            f.create(name, Store.copyValue(v), this);
            return null;
        }
    }

    public static final class AliasDecl extends Node {
        final NameString source;
        final NameString alias;

        public AliasDecl(int off, AmlTable t, NameString source, NameString alias) {
            super(AmlOpcode.ALIAS_OP, off, t);
            this.source = source;
            this.alias = alias;
        }

        @Override
        public AmlObject eval(Frame f) {
            NamespaceNode src = f.lookup(source, this);
            NamespaceNode n = f.create(alias, null, this);
            n.aliasOf = src;
            return null;
        }
    }

    /** Scope, Device, Processor, PowerResource or ThermalZone met inside a method body. */
    public static final class ContainerDecl extends Node {
        final NameString name;
        final AmlContainer proto;
        final Block body;

        public ContainerDecl(int op, int off, AmlTable t, NameString name, AmlContainer proto, Block body) {
            super(op, off, t);
            this.name = name;
            this.proto = proto;
            this.body = body;
        }

        @Override
        public AmlObject eval(Frame f) {
            NamespaceNode n;
            if (op == AmlOpcode.SCOPE_OP) {
                n = f.lookup(name, this);
            } else {
                n = f.create(name, new AmlContainer(proto.type(), proto.info), this);
            }
            Frame inner = new Frame(f.interp, n, f.method, f.args, f.depth, f.syncLevel);
            try {
                body.exec(inner);
            } finally {
                if (inner.created != null) {
                    if (f.created == null) {
                        f.created = new ArrayList<>();
                    }
                    f.created.addAll(inner.created);
                }
            }
            return null;
        }
    }

    public static final class MethodDecl extends Node {
        final NameString name;
        final int flags;
        final int bodyStart;
        final int bodyEnd;

        public MethodDecl(int off, AmlTable t, NameString name, int flags, int bodyStart, int bodyEnd) {
            super(AmlOpcode.METHOD_OP, off, t);
            this.name = name;
            this.flags = flags;
            this.bodyStart = bodyStart;
            this.bodyEnd = bodyEnd;
        }

        @Override
        public AmlObject eval(Frame f) {
            f.create(name, new AmlMethod(flags & 7, (flags & 8) != 0, flags >> 4, table, bodyStart, bodyEnd), this);
            return null;
        }
    }

    public static final class MutexDecl extends Node {
        final NameString name;
        final int syncLevel;

        public MutexDecl(int off, AmlTable t, NameString name, int syncLevel) {
            super(AmlOpcode.MUTEX_OP, off, t);
            this.name = name;
            this.syncLevel = syncLevel;
        }

        @Override
        public AmlObject eval(Frame f) {
            f.create(name, new AmlMutex(syncLevel), this);
            return null;
        }
    }

    public static final class EventDecl extends Node {
        final NameString name;

        public EventDecl(int off, AmlTable t, NameString name) {
            super(AmlOpcode.EVENT_OP, off, t);
            this.name = name;
        }

        @Override
        public AmlObject eval(Frame f) {
            f.create(name, new AmlEvent(), this);
            return null;
        }
    }

    public static final class RegionDecl extends Node {
        final NameString name;
        final int space;
        final Node offsetTerm;
        final Node lengthTerm;

        public RegionDecl(int off, AmlTable t, NameString name, int space, Node offsetTerm, Node lengthTerm) {
            super(AmlOpcode.OP_REGION_OP, off, t);
            this.name = name;
            this.space = space;
            this.offsetTerm = offsetTerm;
            this.lengthTerm = lengthTerm;
        }

        @Override
        public AmlObject eval(Frame f) {
            long o = Conversions.toInteger(f, offsetTerm.eval(f), offsetTerm);
            long l = Conversions.toInteger(f, lengthTerm.eval(f), lengthTerm);
            f.create(name, new AmlRegion(name.toString(), space, o, l), this);
            return null;
        }
    }

    /** CreateBitField/ByteField/WordField/DWordField/QWordField/CreateField over a Buffer. */
    public static final class CreateBufferField extends Node {
        final Node source;
        final Node index;
        final Node bits;
        final NameString name;

        public CreateBufferField(int op, int off, AmlTable t, Node source, Node index, Node bits, NameString name) {
            super(op, off, t);
            this.source = source;
            this.index = index;
            this.bits = bits;
            this.name = name;
        }

        @Override
        public AmlObject eval(Frame f) {
            AmlObject s = source.eval(f);
            if (s instanceof AmlReference r) {
                s = References.deref(f, r, this);
            }
            if (s instanceof AmlFieldUnit || s instanceof AmlBufferField) {
                s = FieldIo.read(f.interp, s, this);
            }
            if (!(s instanceof AmlBuffer buf)) {
                throw error("AE_AML_OPERAND_TYPE", "buffer field source must be a Buffer, not " + ObjectTypes.describe(s));
            }
            long i = Conversions.toInteger(f, index.eval(f), index);
            long bitOffset;
            long bitLength;
            switch (op) {
                case AmlOpcode.CREATE_BIT_FIELD_OP -> { bitOffset = i; bitLength = 1; }
                case AmlOpcode.CREATE_BYTE_FIELD_OP -> { bitOffset = i * 8; bitLength = 8; }
                case AmlOpcode.CREATE_WORD_FIELD_OP -> { bitOffset = i * 8; bitLength = 16; }
                case AmlOpcode.CREATE_DWORD_FIELD_OP -> { bitOffset = i * 8; bitLength = 32; }
                case AmlOpcode.CREATE_QWORD_FIELD_OP -> { bitOffset = i * 8; bitLength = 64; }
                default -> {
                    bitOffset = i;
                    bitLength = Conversions.toInteger(f, bits.eval(f), bits);
                    if (bitLength == 0) {
                        throw error("AE_AML_OPERAND_VALUE", "CreateField with zero bits");
                    }
                }
            }
            if (bitOffset < 0 || bitLength < 0 || bitOffset + bitLength > (long) buf.data.length * 8) {
                throw error("AE_AML_BUFFER_LIMIT", String.format("field [bit %d, +%d bits) beyond a %d-byte buffer",
                        bitOffset, bitLength, buf.data.length));
            }
            f.create(name, new AmlBufferField(buf, bitOffset, bitLength), this);
            return null;
        }
    }

    /** External (§19.6.45): only a hint for the parser; nothing is created. */
    public static final class ExternalDecl extends Node {
        public ExternalDecl(int off, AmlTable t) {
            super(AmlOpcode.EXTERNAL_OP, off, t);
        }

        @Override
        public AmlObject eval(Frame f) {
            return null;
        }
    }
}
