package dev.vnvdimm.guest.aml.parser;

import dev.vnvdimm.abi.aml.PkgLength;
import dev.vnvdimm.guest.aml.operators.Arithmetic;
import dev.vnvdimm.guest.aml.operators.ControlFlow;
import dev.vnvdimm.guest.aml.operators.Data;
import dev.vnvdimm.guest.aml.operators.DataOps;
import dev.vnvdimm.guest.aml.operators.FieldDecls;
import dev.vnvdimm.guest.aml.operators.Logic;
import dev.vnvdimm.guest.aml.operators.NamedObjects;
import dev.vnvdimm.guest.aml.operators.Names;
import dev.vnvdimm.guest.aml.operators.ReferenceOps;
import dev.vnvdimm.guest.aml.operators.Sync;
import dev.vnvdimm.guest.aml.operators.TableOps;
import dev.vnvdimm.guest.aml.operators.Variables;
import dev.vnvdimm.guest.aml.runtime.AmlContainer;
import dev.vnvdimm.guest.aml.runtime.AmlException;
import dev.vnvdimm.guest.aml.runtime.AmlInteger;
import dev.vnvdimm.guest.aml.runtime.AmlMethod;
import dev.vnvdimm.guest.aml.runtime.AmlString;
import dev.vnvdimm.guest.aml.runtime.AmlTable;
import dev.vnvdimm.guest.aml.runtime.Block;
import dev.vnvdimm.guest.aml.runtime.ExtraOpcodes;
import dev.vnvdimm.guest.aml.runtime.Frame;
import dev.vnvdimm.guest.aml.runtime.Interpreter;
import dev.vnvdimm.guest.aml.runtime.NameString;
import dev.vnvdimm.guest.aml.runtime.NamespaceNode;
import dev.vnvdimm.guest.aml.runtime.Node;
import dev.vnvdimm.guest.aml.runtime.ObjectType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.vnvdimm.abi.aml.AmlOpcode.*;

/**
 * Decodes AML bytes (ACPI 6.4 §20.2 grammar) into executable {@link Node}s. One parser serves a table's top level
 * (see {@link TableLoader}) and each method body, parsed once on the method's first call.
 * <p>A NameString in a TermArg position is a method invocation when it names a method — known from the namespace
 * as loaded so far, from External declarations, or from Method terms earlier in the same body — and then its
 * argument count says how many TermArgs follow; otherwise it is a reference to a named object.
 */
public final class AmlParser {
    private final Interpreter interp;
    final AmlTable table;
    final byte[] b;
    int pos;
    /** The scope names are resolved against while parsing (the method node for a body). */
    NamespaceNode scope;

    public AmlParser(Interpreter interp, AmlTable table, NamespaceNode scope) {
        this.interp = interp;
        this.table = table;
        this.b = table.bytes;
        this.scope = scope;
    }

    public Block parseMethodBody(int start, int end) {
        pos = start;
        try {
            return parseTermList(end);
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new AmlException("AE_AML_BAD_OPCODE", "truncated AML in method body").locate(-1, pos, table);
        }
    }

    // ---- primitives ------------------------------------------------------------------------------------------

    int u8() {
        return b[pos++] & 0xFF;
    }

    int u16() {
        return u8() | u8() << 8;
    }

    long u32() {
        return (u16() & 0xFFFFL) | (long) u16() << 16;
    }

    long u64() {
        return (u32() & 0xFFFFFFFFL) | u32() << 32;
    }

    /** Reads a PkgLength and returns the absolute end offset of the package it measures. */
    int pkgEnd() {
        int start = pos;
        int value = PkgLength.decode(b, pos);
        pos += PkgLength.encodedLength(b, pos);
        int end = start + value;
        if (end > b.length || end < pos) {
            throw new AmlException("AE_AML_BAD_OPCODE", "PkgLength runs past the table end").locate(-1, start, table);
        }
        return end;
    }

    static boolean isLeadNameChar(int c) {
        return (c >= 'A' && c <= 'Z') || c == '_';
    }

    static boolean isNameStart(int c) {
        return isLeadNameChar(c) || c == ROOT_CHAR || c == PARENT_PREFIX_CHAR || c == DUAL_NAME_PREFIX
                || c == MULTI_NAME_PREFIX;
    }

    String nameSeg() {
        if (pos + 4 > b.length) {
            // a read past the end, as every other: load and parseMethodBody report the AML as truncated
            throw new ArrayIndexOutOfBoundsException(pos + 4);
        }
        String s = new String(b, pos, 4, StandardCharsets.US_ASCII);
        pos += 4;
        return s;
    }

    NameString nameString() {
        boolean abs = false;
        int parents = 0;
        if ((b[pos] & 0xFF) == ROOT_CHAR) {
            abs = true;
            pos++;
        } else {
            while ((b[pos] & 0xFF) == PARENT_PREFIX_CHAR) {
                parents++;
                pos++;
            }
        }
        int c = b[pos] & 0xFF;
        String[] segs;
        if (c == NULL_NAME) {
            pos++;
            segs = new String[0];
        } else if (c == DUAL_NAME_PREFIX) {
            pos++;
            segs = new String[] {nameSeg(), nameSeg()};
        } else if (c == MULTI_NAME_PREFIX) {
            pos++;
            int n = u8();
            segs = new String[n];
            for (int i = 0; i < n; i++) {
                segs[i] = nameSeg();
            }
        } else {
            segs = new String[] {nameSeg()};
        }
        return new NameString(abs, parents, segs);
    }

    // ---- term lists ------------------------------------------------------------------------------------------

    Block parseTermList(int end) {
        int start = pos;
        List<Node> terms = new ArrayList<>();
        while (pos < end) {
            terms.add(parseTerm());
        }
        if (pos != end) {
            throw new AmlException("AE_AML_BAD_OPCODE", "term runs past the end of its block").locate(-1, start, table);
        }
        return new Block(terms.toArray(new Node[0]), start, table);
    }

    /** Number of arguments if {@code name} names a method visible from here, else -1. */
    int methodArgs(NameString name) {
        NamespaceNode n = interp.namespace.resolve(scope, name);
        if (n != null) {
            return n.object() instanceof AmlMethod m ? m.argCount : -1;
        }
        return interp.externalMethodArgs(scope, name);
    }

    Node parseTarget() {
        int start = pos;
        int c = b[pos] & 0xFF;
        if (c == NULL_NAME) {
            pos++;
            return new Variables.NullTarget(start, table);
        }
        if (isNameStart(c)) {
            return new Names.NameRef(start, table, nameString());
        }
        return parseTerm();
    }

    /** A SuperName: like a Target, but a NameString is never a call. */
    Node parseSuperName() {
        return parseTarget();
    }

    Node parseTerm() {
        int start = pos;
        int c = b[pos] & 0xFF;
        if (isNameStart(c)) {
            NameString name = nameString();
            int argc = methodArgs(name);
            if (argc < 0) {
                return new Names.NameRef(start, table, name);
            }
            Node[] args = new Node[argc];
            for (int i = 0; i < argc; i++) {
                args[i] = parseTerm();
            }
            return new Names.MethodCall(start, table, name, args);
        }
        pos++;
        AmlTable t = table;
        switch (c) {
            case ZERO_OP:
                return new Data.Const(c, start, t, AmlInteger.ZERO);
            case ONE_OP:
                return new Data.Const(c, start, t, AmlInteger.ONE);
            case ONES_OP:
                return new Data.Const(c, start, t, interp.ones);
            case BYTE_PREFIX:
                return new Data.Const(c, start, t, AmlInteger.of(u8()));
            case WORD_PREFIX:
                return new Data.Const(c, start, t, AmlInteger.of(u16()));
            case DWORD_PREFIX:
                return new Data.Const(c, start, t, AmlInteger.of(u32() & interp.intMask));
            case QWORD_PREFIX:
                return new Data.Const(c, start, t, AmlInteger.of(u64() & interp.intMask));
            case STRING_PREFIX: {
                int s = pos;
                while (b[pos] != 0) {
                    pos++;
                }
                String str = new String(b, s, pos - s, StandardCharsets.ISO_8859_1);
                pos++;
                return new Data.Const(c, start, t, new AmlString(str));
            }
            case EXT_OP_PREFIX:
                return parseExtended(start);
            case NAME_OP: {
                NameString name = nameString();
                return new NamedObjects.NameDecl(start, t, name, parsePackageElementOrTerm());
            }
            case ALIAS_OP:
                return new NamedObjects.AliasDecl(start, t, nameString(), nameString());
            case SCOPE_OP: {
                int end = pkgEnd();
                NameString name = nameString();
                return new NamedObjects.ContainerDecl(c, start, t, name, new AmlContainer(ObjectType.UNINITIALIZED),
                        parseTermList(end));
            }
            case BUFFER_OP: {
                int end = pkgEnd();
                Node size = parseTerm();
                if (pos > end) {
                    throw new AmlException("AE_AML_BAD_OPCODE", "BufferSize runs past the end of its Buffer")
                            .locate(c, start, t);
                }
                byte[] init = Arrays.copyOfRange(b, pos, end);
                pos = end;
                return new Data.BufferTerm(start, t, size, init);
            }
            case PACKAGE_OP:
            case VAR_PACKAGE_OP: {
                int end = pkgEnd();
                Node count = c == PACKAGE_OP ? new Data.Const(BYTE_PREFIX, pos, t, AmlInteger.of(u8())) : parseTerm();
                List<Node> el = new ArrayList<>();
                while (pos < end) {
                    el.add(parsePackageElementOrTerm());
                }
                return new Data.PackageTerm(c, start, t, count, el.toArray(new Node[0]));
            }
            case METHOD_OP: {
                int end = pkgEnd();
                NameString name = nameString();
                int flags = u8();
                int bodyStart = pos;
                pos = end;
                interp.noteLocalMethod(scope, name, flags & 7);
                return new NamedObjects.MethodDecl(start, t, name, flags, bodyStart, end);
            }
            case EXTERNAL_OP: {
                NameString name = nameString();
                int type = u8();
                int argc = u8();
                if (type == ObjectType.METHOD.code()) {
                    interp.noteExternal(scope, name, argc);
                }
                return new NamedObjects.ExternalDecl(start, t);
            }
            case STORE_OP:
                return new ReferenceOps.StoreOp(start, t, parseTerm(), parseSuperName());
            case REF_OF_OP:
                return new ReferenceOps.RefOf(start, t, parseSuperName());
            case ADD_OP, SUBTRACT_OP, MULTIPLY_OP, SHIFT_LEFT_OP, SHIFT_RIGHT_OP, AND_OP, NAND_OP, OR_OP, NOR_OP,
                 XOR_OP, MOD_OP:
                return new Arithmetic.Binary(c, start, t, parseTerm(), parseTerm(), parseTarget());
            case CONCAT_OP:
                return new DataOps.Concat(start, t, parseTerm(), parseTerm(), parseTarget());
            case CONCAT_RES_OP:
                return new DataOps.ConcatRes(start, t, parseTerm(), parseTerm(), parseTarget());
            case INCREMENT_OP, DECREMENT_OP:
                return new Arithmetic.Step(c, start, t, parseSuperName());
            case DIVIDE_OP:
                return new Arithmetic.Divide(start, t, parseTerm(), parseTerm(), parseTarget(), parseTarget());
            case NOT_OP, FIND_SET_LEFT_BIT_OP, FIND_SET_RIGHT_BIT_OP:
                return new Arithmetic.Unary(c, start, t, parseTerm(), parseTarget());
            case DEREF_OF_OP:
                return new ReferenceOps.DerefOf(start, t, parseTerm());
            case NOTIFY_OP:
                return new Sync.Notify(start, t, parseSuperName(), parseTerm());
            case SIZE_OF_OP:
                return new DataOps.SizeOf(start, t, parseSuperName());
            case INDEX_OP:
                return new ReferenceOps.Index(start, t, parseTerm(), parseTerm(), parseTarget());
            case MATCH_OP: {
                Node pkg = parseTerm();
                int op1 = u8();
                Node o1 = parseTerm();
                int op2 = u8();
                Node o2 = parseTerm();
                return new DataOps.Match(start, t, pkg, op1, o1, op2, o2, parseTerm());
            }
            case CREATE_DWORD_FIELD_OP, CREATE_WORD_FIELD_OP, CREATE_BYTE_FIELD_OP, CREATE_BIT_FIELD_OP,
                 CREATE_QWORD_FIELD_OP: {
                Node src = parseTerm();
                Node idx = parseTerm();
                return new NamedObjects.CreateBufferField(c, start, t, src, idx, null, nameString());
            }
            case OBJECT_TYPE_OP:
                return new ReferenceOps.ObjectTypeOp(start, t, parseSuperName());
            case LAND_OP, LOR_OP, LEQUAL_OP, LGREATER_OP, LLESS_OP:
                return new Logic.Binary(c, start, t, parseTerm(), parseTerm());
            case LNOT_OP:
                return new Logic.Not(start, t, parseTerm());
            case TO_BUFFER_OP, TO_DECIMAL_STRING_OP, TO_HEX_STRING_OP, TO_INTEGER_OP:
                return new DataOps.Convert(c, start, t, parseTerm(), parseTarget());
            case TO_STRING_OP:
                return new DataOps.ToStr(start, t, parseTerm(), parseTerm(), parseTarget());
            case COPY_OBJECT_OP:
                return new ReferenceOps.CopyObject(start, t, parseTerm(), parseSuperName());
            case MID_OP:
                return new DataOps.Mid(start, t, parseTerm(), parseTerm(), parseTerm(), parseTarget());
            case CONTINUE_OP:
                return new ControlFlow.Jump(c, start, t, Frame.CONTINUE);
            case BREAK_OP:
                return new ControlFlow.Jump(c, start, t, Frame.BREAK);
            case NOOP_OP, BREAK_POINT_OP:
                return new ControlFlow.Noop(c, start, t);
            case RETURN_OP:
                return new ControlFlow.Return(start, t, parseTerm());
            case IF_OP: {
                int end = pkgEnd();
                Node pred = parseTerm();
                Block then = parseTermList(end);
                Block otherwise = null;
                if (pos < b.length && (b[pos] & 0xFF) == ELSE_OP) {
                    pos++;
                    int eend = pkgEnd();
                    otherwise = parseTermList(eend);
                }
                return new ControlFlow.If(start, t, pred, then, otherwise);
            }
            case ELSE_OP: {
                // an Else without an If: skip it (ACPICA does the same with a warning)
                int end = pkgEnd();
                pos = end;
                return new ControlFlow.Noop(c, start, t);
            }
            case WHILE_OP: {
                int end = pkgEnd();
                Node pred = parseTerm();
                return new ControlFlow.While(start, t, pred, parseTermList(end));
            }
            default:
                if (c >= LOCAL0_OP && c <= LOCAL7_OP) {
                    return new Variables.Local(start, t, c - LOCAL0_OP);
                }
                if (c >= ARG0_OP && c <= ARG6_OP) {
                    return new Variables.Arg(start, t, c - ARG0_OP);
                }
                throw new AmlException("AE_AML_BAD_OPCODE", String.format("unknown opcode 0x%02X", c))
                        .locate(c, start, t);
        }
    }

    /** A PackageElement: a NameString stands for itself (never a call); anything else is a term. */
    Node parsePackageElementOrTerm() {
        int start = pos;
        if (isNameStart(b[pos] & 0xFF)) {
            return new Data.NameElement(start, table, nameString());
        }
        return parseTerm();
    }

    private Node parseExtended(int start) {
        int c = EXT_OP_PREFIX << 8 | u8();
        AmlTable t = table;
        switch (c) {
            case MUTEX_OP:
                return new NamedObjects.MutexDecl(start, t, nameString(), u8() & 0x0F);
            case EVENT_OP:
                return new NamedObjects.EventDecl(start, t, nameString());
            case COND_REF_OF_OP:
                return new ReferenceOps.CondRefOf(start, t, parseSuperName(), parseTarget());
            case CREATE_FIELD_OP: {
                Node src = parseTerm();
                Node idx = parseTerm();
                Node bits = parseTerm();
                return new NamedObjects.CreateBufferField(c, start, t, src, idx, bits, nameString());
            }
            case LOAD_TABLE_OP: {
                Node[] operands = new Node[6];
                for (int i = 0; i < operands.length; i++) {
                    operands[i] = parseTerm();
                }
                return new TableOps.LoadTable(start, t, operands);
            }
            case LOAD_OP: {
                // DefLoad := LoadOp NameString Target (ACPI 6.4 §20.2.5.3): the source is named, never called
                int at = pos;
                Node source = new Names.NameRef(at, t, nameString());
                return new TableOps.Load(start, t, source, parseTarget());
            }
            case ExtraOpcodes.UNLOAD_OP:
                return new TableOps.Unload(start, t, parseSuperName());
            case STALL_OP, SLEEP_OP:
                return new Sync.Delay(c, start, t, parseTerm());
            case ACQUIRE_OP: {
                Node m = parseSuperName();
                return new Sync.Acquire(start, t, m, u16());
            }
            case SIGNAL_OP, RESET_OP:
                return new Sync.EventOp(c, start, t, parseSuperName(), null);
            case WAIT_OP:
                return new Sync.EventOp(c, start, t, parseSuperName(), parseTerm());
            case RELEASE_OP:
                return new Sync.Release(start, t, parseSuperName());
            case FROM_BCD_OP, TO_BCD_OP:
                return new Arithmetic.Bcd(c, start, t, parseTerm(), parseTarget());
            case REVISION_OP:
                return new Data.Const(c, start, t, AmlInteger.of(Interpreter.REVISION));
            case DEBUG_OP:
                return new Variables.Debug(start, t);
            case FATAL_OP: {
                int type = u8();
                long code = u32();
                return new Sync.Fatal(start, t, type, code, parseTerm());
            }
            case TIMER_OP:
                return new Data.Timer(start, t);
            case OP_REGION_OP: {
                NameString name = nameString();
                int space = u8();
                Node off = parseTerm();
                return new NamedObjects.RegionDecl(start, t, name, space, off, parseTerm());
            }
            case FIELD_OP: {
                int end = pkgEnd();
                NameString region = nameString();
                int flags = u8();
                return new FieldDecls.FieldDecl(c, start, t, region, null, null, fieldList(flags, end));
            }
            case INDEX_FIELD_OP: {
                int end = pkgEnd();
                NameString index = nameString();
                NameString data = nameString();
                int flags = u8();
                return new FieldDecls.FieldDecl(c, start, t, index, data, null, fieldList(flags, end));
            }
            case BANK_FIELD_OP: {
                int end = pkgEnd();
                NameString region = nameString();
                NameString bank = nameString();
                Node value = parseTerm();
                int flags = u8();
                return new FieldDecls.FieldDecl(c, start, t, region, bank, value, fieldList(flags, end));
            }
            case DEVICE_OP, THERMAL_ZONE_OP, ExtraOpcodes.PROCESSOR_OP, POWER_RES_OP: {
                int end = pkgEnd();
                NameString name = nameString();
                AmlContainer proto = containerHeader(c);
                return new NamedObjects.ContainerDecl(c, start, t, name, proto, parseTermList(end));
            }
            case DATA_REGION_OP: {
                nameString();
                parseTerm();
                parseTerm();
                parseTerm();
                return new Sync.Unsupported(c, start, t, "DataTableRegion");
            }
            default:
                throw new AmlException("AE_AML_BAD_OPCODE", String.format("unknown extended opcode 0x%04X", c))
                        .locate(c, start, t);
        }
    }

    /** Reads what follows the NameString of a container and returns a prototype object for it. */
    AmlContainer containerHeader(int op) {
        switch (op) {
            case ExtraOpcodes.PROCESSOR_OP: {
                int id = u8();
                long pblk = u32();
                int plen = u8();
                return new AmlContainer(ObjectType.PROCESSOR, id, pblk, plen);
            }
            case POWER_RES_OP: {
                int level = u8();
                int order = u16();
                return new AmlContainer(ObjectType.POWER_RESOURCE, level, order);
            }
            case THERMAL_ZONE_OP:
                return new AmlContainer(ObjectType.THERMAL_ZONE);
            case SCOPE_OP:
                return new AmlContainer(ObjectType.UNINITIALIZED);
            default:
                return new AmlContainer(ObjectType.DEVICE);
        }
    }

    FieldDecls.FieldList fieldList(int flags, int end) {
        List<String> names = new ArrayList<>();
        List<long[]> geo = new ArrayList<>();
        List<Integer> fl = new ArrayList<>();
        long bit = 0;
        int current = flags;
        while (pos < end) {
            int c = b[pos] & 0xFF;
            if (c == RESERVED_FIELD) {
                pos++;
                bit += pkgValue();
            } else if (c == ACCESS_FIELD) {
                pos++;
                int type = u8();
                u8();
                current = (current & ~0x0F) | (type & 0x0F);
            } else if (c == EXTENDED_ACCESS_FIELD) {
                pos++;
                int type = u8();
                u8();
                u8();
                current = (current & ~0x0F) | (type & 0x0F);
            } else if (c == CONNECT_FIELD) {
                pos++;
                if ((b[pos] & 0xFF) == BUFFER_OP) {
                    parseTerm();
                } else {
                    nameString();
                }
            } else {
                String name = nameSeg();
                long width = pkgValue();
                names.add(name);
                geo.add(new long[] {bit, width});
                fl.add(current);
                bit += width;
            }
        }
        int n = names.size();
        long[] offs = new long[n];
        long[] widths = new long[n];
        int[] fls = new int[n];
        for (int i = 0; i < n; i++) {
            offs[i] = geo.get(i)[0];
            widths[i] = geo.get(i)[1];
            fls[i] = fl.get(i);
        }
        return new FieldDecls.FieldList(names.toArray(new String[0]), offs, widths, fls);
    }

    private int pkgValue() {
        int v = PkgLength.decode(b, pos);
        pos += PkgLength.encodedLength(b, pos);
        return v;
    }
}
