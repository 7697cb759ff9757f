package dev.vnvdimm.emulator.acpi.aml;

import dev.vnvdimm.abi.aml.AmlOpcode;
import dev.vnvdimm.abi.aml.Uuid;

import dev.vnvdimm.abi.acpi.AcpiTableHeader;

import java.nio.charset.StandardCharsets;

/**
 * One static builder per ASL term, so that table code reads like the ASL it produces:
 * <pre>{@code
 * AmlBlock ncal = method("NCAL", 5, SerializeRule.SERIALIZED)
 *         .append(store(path("MEMA"), local(6)))
 *         .append(operationRegion("NPIO", RegionSpace.SYSTEM_IO, integer(0x0A18), integer(4)));
 * }</pre>
 * Each Javadoc names the ACPI 6.4 §20.2 grammar section the encoding comes from. Terms that take an optional
 * Target have an overload without it that stores to NullName (no store), as ASL does when the target is omitted.
 * Opcode values come from {@link AmlOpcode}.
 */
public final class Aml {

    private Aml() {
    }

    // ---------------------------------------------------------------------------------------------------------
    // Table, names and namespace modifiers

    /** {@code DefinitionBlock(...)}: the table; §20.2.1 (AMLCode := DefBlockHeader TermList). */
    public static DefinitionBlock definitionBlock(AcpiTableHeader header) {
        return new DefinitionBlock(header);
    }

    /** A reference to a named object, e.g. {@code \_SB.NVDR}, {@code ^PCI0}, {@code MEMA}; §20.2.2 NameString. */
    public static NameString path(String path) {
        return NameString.of(path);
    }

    /** The NullName Target (0x00): the result is not stored; §20.2.2 (Target := SuperName | NullName). */
    public static AmlTerm nullName() {
        return new RawBytes((byte) AmlOpcode.NULL_NAME);
    }

    /** {@code Scope(path) {...}}: §20.2.5.1 DefScope (ScopeOp PkgLength NameString TermList). */
    public static AmlBlock scope(String path) {
        return new AmlBlock(AmlOpcode.SCOPE_OP, path(path));
    }

    /** {@code Name(name, object)}: §20.2.5.1 DefName (NameOp NameString DataRefObject). */
    public static AmlTerm name(String name, AmlTerm object) {
        return new AmlOp(AmlOpcode.NAME_OP, path(name), object);
    }

    /**
     * {@code Name(name, DWordConst)} whose value is always a 4-byte DWordConst, a placeholder to be patched
     * later; its offset in the finished table is {@link AmlTable#offsetOf}. §20.2.5.1 DefName, §20.2.3 DWordConst.
     */
    public static NamedDWord namedDWord(String name, long value) {
        return new NamedDWord(path(name), value);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Data objects

    /** {@code Zero}: §20.2.3 ConstObj ZeroOp. */
    public static AmlTerm zero() {
        return new AmlOp(AmlOpcode.ZERO_OP);
    }

    /** {@code One}: §20.2.3 ConstObj OneOp. */
    public static AmlTerm one() {
        return new AmlOp(AmlOpcode.ONE_OP);
    }

    /** {@code Ones}: all bits set at the table's integer width; §20.2.3 ConstObj OnesOp. */
    public static AmlTerm ones() {
        return new AmlOp(AmlOpcode.ONES_OP);
    }

    /**
     * An integer constant in its shortest form, {@code value} read as unsigned 64-bit (§20.2.3 ComputationalData):
     * 0 is ZeroOp, 1 is OneOp, all 64 bits set is OnesOp, otherwise the smallest of ByteConst (0x0A),
     * WordConst (0x0B), DWordConst (0x0C) or QWordConst (0x0E) that holds it. Note that 0xFFFFFFFF stays a
     * DWordConst: OnesOp would mean 64 one-bits in a table whose DSDT revision is 2 or more.
     */
    public static AmlTerm integer(long value) {
        if (value == 0) {
            return zero();
        }
        if (value == 1) {
            return one();
        }
        if (value == -1L) {
            return ones();
        }
        if (Long.compareUnsigned(value, 0xFF) <= 0) {
            return prefixed(AmlOpcode.BYTE_PREFIX, value, 1);
        }
        if (Long.compareUnsigned(value, 0xFFFF) <= 0) {
            return prefixed(AmlOpcode.WORD_PREFIX, value, 2);
        }
        if (Long.compareUnsigned(value, 0xFFFF_FFFFL) <= 0) {
            return prefixed(AmlOpcode.DWORD_PREFIX, value, 4);
        }
        return prefixed(AmlOpcode.QWORD_PREFIX, value, 8);
    }

    private static AmlTerm prefixed(int prefix, long value, int width) {
        return new AmlOp(prefix, RawBytes.littleEndian(value, width));
    }

    /** A string literal: §20.2.3 String (StringPrefix AsciiCharList NullChar); ASCII 0x01-0x7F only. */
    public static AmlTerm string(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0 || c > 0x7F) {
                throw new IllegalArgumentException("AML strings hold ASCII 0x01-0x7F, not U+"
                        + String.format("%04X", (int) c) + " in \"" + s + "\"");
            }
        }
        byte[] chars = s.getBytes(StandardCharsets.US_ASCII);
        byte[] withNul = new byte[chars.length + 1];
        System.arraycopy(chars, 0, withNul, 0, chars.length);
        return new AmlOp(AmlOpcode.STRING_PREFIX, new RawBytes(withNul));
    }

    /**
     * {@code Buffer(size) {initializer}}: §20.2.5.4 DefBuffer (BufferOp PkgLength BufferSize ByteList).
     * The initializer may be shorter than {@code size}; the interpreter zero-fills the rest.
     */
    public static AmlTerm buffer(int size, byte... initializer) {
        if (size < 0 || initializer.length > size) {
            throw new IllegalArgumentException("Buffer(" + size + ") cannot hold " + initializer.length + " bytes");
        }
        return buffer(integer(size), initializer);
    }

    /** {@code Buffer(sizeTerm) {initializer}} with a computed size: §20.2.5.4 DefBuffer. */
    public static AmlTerm buffer(AmlTerm size, byte... initializer) {
        return new AmlBlock(AmlOpcode.BUFFER_OP, size, new RawBytes(initializer));
    }

    /** {@code Buffer() {bytes}}: a buffer exactly as long as its initializer; §20.2.5.4 DefBuffer. */
    public static AmlTerm bufferOf(byte... bytes) {
        return buffer(bytes.length, bytes);
    }

    /**
     * {@code ToUUID("aabbccdd-eeff-gghh-iijj-kkllmmnnoopp")}: a 16-byte Buffer in GUID byte order, the first
     * three fields little-endian and the last two as written (§20.2.5.4 DefBuffer; byte order per ASL ToUUID).
     */
    public static AmlTerm toUuid(String uuid) {
        return bufferOf(Uuid.toBytes(uuid));
    }

    /** {@code Package() {elements}} with NumElements = the number of elements; §20.2.5.4 DefPackage. */
    public static AmlTerm packageOf(AmlTerm... elements) {
        return packageOf(elements.length, elements);
    }

    /**
     * {@code Package(numElements) {elements}}: §20.2.5.4 DefPackage (PackageOp PkgLength NumElements
     * PackageElementList); elements past the initializer are uninitialized.
     */
    public static AmlTerm packageOf(int numElements, AmlTerm... elements) {
        if (numElements < elements.length || numElements > 0xFF) {
            throw new IllegalArgumentException("Package NumElements must be " + elements.length
                    + "..255 for " + elements.length + " elements: " + numElements
                    + " (use varPackage for more)");
        }
        AmlBlock p = new AmlBlock(AmlOpcode.PACKAGE_OP, new RawBytes((byte) numElements));
        return p.append(elements);
    }

    /** {@code Package(numElementsTerm) {elements}} with a computed size: §20.2.5.4 DefVarPackage. */
    public static AmlTerm varPackage(AmlTerm numElements, AmlTerm... elements) {
        return new AmlBlock(AmlOpcode.VAR_PACKAGE_OP, numElements).append(elements);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Arguments, locals, Debug

    /** {@code LocalN}, n = 0..7: §20.2.6.2 LocalObj (0x60 + n). */
    public static AmlTerm local(int n) {
        if (n < 0 || n > 7) {
            throw new IllegalArgumentException("Local" + n + " does not exist (Local0..Local7)");
        }
        return new AmlOp(AmlOpcode.LOCAL0_OP + n);
    }

    /** {@code ArgN}, n = 0..6: §20.2.6.1 ArgObj (0x68 + n). */
    public static AmlTerm arg(int n) {
        if (n < 0 || n > 6) {
            throw new IllegalArgumentException("Arg" + n + " does not exist (Arg0..Arg6)");
        }
        return new AmlOp(AmlOpcode.ARG0_OP + n);
    }

    /** {@code Debug}: the debug object, a store target; §20.2.6.3 DebugObj. */
    public static AmlTerm debug() {
        return new AmlOp(AmlOpcode.DEBUG_OP);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Named objects

    /** {@code Device(name) {...}}: §20.2.5.2 DefDevice (ExtOpPrefix 0x82 PkgLength NameString TermList). */
    public static AmlBlock device(String name) {
        return new AmlBlock(AmlOpcode.DEVICE_OP, path(name));
    }

    /** {@code Method(name, argCount, rule) {...}} at SyncLevel 0; see {@link #method(String, int, SerializeRule, int)}. */
    public static AmlBlock method(String name, int argCount, SerializeRule rule) {
        return method(name, argCount, rule, 0);
    }

    /**
     * {@code Method(name, argCount, rule, syncLevel) {...}}: §20.2.5.2 DefMethod (MethodOp PkgLength NameString
     * MethodFlags TermList); MethodFlags = ArgCount (bits 2..0) | SerializeFlag (bit 3) | SyncLevel (bits 7..4).
     */
    public static AmlBlock method(String name, int argCount, SerializeRule rule, int syncLevel) {
        if (argCount < 0 || argCount > 7) {
            throw new IllegalArgumentException("Method " + name + ": ArgCount must be 0..7, was " + argCount);
        }
        checkSyncLevel(syncLevel);
        int flags = argCount | rule.flag() << 3 | syncLevel << 4;
        return new AmlBlock(AmlOpcode.METHOD_OP, path(name), new RawBytes((byte) flags));
    }

    /** {@code Mutex(name, syncLevel)}: §20.2.5.2 DefMutex (ExtOpPrefix 0x01 NameString SyncFlags). */
    public static AmlTerm mutex(String name, int syncLevel) {
        checkSyncLevel(syncLevel);
        return new AmlOp(AmlOpcode.MUTEX_OP, path(name), new RawBytes((byte) syncLevel));
    }

    /**
     * {@code OperationRegion(name, space, offset, length)}: §20.2.5.2 DefOpRegion (ExtOpPrefix 0x80 NameString
     * RegionSpace RegionOffset RegionLen); offset and length are TermArgs, e.g. {@code local(6)}.
     */
    public static AmlTerm operationRegion(String name, RegionSpace space, AmlTerm offset, AmlTerm length) {
        return new AmlOp(AmlOpcode.OP_REGION_OP, path(name), new RawBytes((byte) space.code()), offset, length);
    }

    /** {@code Field(region, access, lock, update) {...}}: §20.2.5.2 DefField; fill it with {@link Field#append}. */
    public static Field field(String region, AccessType access, LockRule lock, UpdateRule update) {
        return new Field(path(region), access, lock, update);
    }

    /** A NamedField entry {@code NAME, bits}: §20.2.5.2 NamedField (NameSeg PkgLength). */
    public static FieldElement namedField(String name, int bits) {
        return new FieldElement.NamedField(name, bits);
    }

    /** An unnamed {@code , bits} entry: §20.2.5.2 ReservedField (0x00 PkgLength). */
    public static FieldElement reservedField(int bits) {
        return new FieldElement.ReservedField(bits);
    }

    /** {@code Offset(byteOffset)} in a FieldList: encoded as the ReservedField that reaches that byte. */
    public static FieldElement offset(int byteOffset) {
        return new FieldElement.Offset(byteOffset);
    }

    /** {@code AccessAs(type)} in a FieldList: §20.2.5.2 AccessField (0x01 AccessType AccessAttrib=0). */
    public static FieldElement accessAs(AccessType type) {
        return new FieldElement.AccessAs(type, 0);
    }

    /** {@code CreateField(source, bitIndex, numBits, name)}: §20.2.5.2 DefCreateField (ExtOpPrefix 0x13). */
    public static AmlTerm createField(AmlTerm source, AmlTerm bitIndex, AmlTerm numBits, String name) {
        return new AmlOp(AmlOpcode.CREATE_FIELD_OP, source, bitIndex, numBits, path(name));
    }

    /** {@code CreateBitField(source, bitIndex, name)}: §20.2.5.2 DefCreateBitField (0x8D). */
    public static AmlTerm createBitField(AmlTerm source, AmlTerm bitIndex, String name) {
        return new AmlOp(AmlOpcode.CREATE_BIT_FIELD_OP, source, bitIndex, path(name));
    }

    /** {@code CreateByteField(source, byteIndex, name)}: §20.2.5.2 DefCreateByteField (0x8C). */
    public static AmlTerm createByteField(AmlTerm source, AmlTerm byteIndex, String name) {
        return new AmlOp(AmlOpcode.CREATE_BYTE_FIELD_OP, source, byteIndex, path(name));
    }

    /** {@code CreateWordField(source, byteIndex, name)}: §20.2.5.2 DefCreateWordField (0x8B). */
    public static AmlTerm createWordField(AmlTerm source, AmlTerm byteIndex, String name) {
        return new AmlOp(AmlOpcode.CREATE_WORD_FIELD_OP, source, byteIndex, path(name));
    }

    /** {@code CreateDWordField(source, byteIndex, name)}: §20.2.5.2 DefCreateDWordField (0x8A). */
    public static AmlTerm createDWordField(AmlTerm source, AmlTerm byteIndex, String name) {
        return new AmlOp(AmlOpcode.CREATE_DWORD_FIELD_OP, source, byteIndex, path(name));
    }

    /** {@code CreateQWordField(source, byteIndex, name)}: §20.2.5.2 DefCreateQWordField (0x8F). */
    public static AmlTerm createQWordField(AmlTerm source, AmlTerm byteIndex, String name) {
        return new AmlOp(AmlOpcode.CREATE_QWORD_FIELD_OP, source, byteIndex, path(name));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Statements (Type 1 opcodes)

    /** {@code If(predicate) {...}}: §20.2.5.3 DefIfElse (IfOp PkgLength Predicate TermList). */
    public static AmlBlock ifThen(AmlTerm predicate) {
        return new AmlBlock(AmlOpcode.IF_OP, predicate);
    }

    /** {@code Else {...}}, appended right after an If or ElseIf: §20.2.5.3 DefElse (ElseOp PkgLength TermList). */
    public static AmlBlock elseBlock() {
        return new AmlBlock(AmlOpcode.ELSE_OP);
    }

    /**
     * {@code ElseIf(predicate) {...}}, appended right after an If or ElseIf; encoded as Else containing an If
     * (§20.2.5.3 DefElse, DefIfElse). A following Else/ElseIf appended to the same parent joins the chain.
     */
    public static ElseIf elseIf(AmlTerm predicate) {
        return new ElseIf(predicate);
    }

    /** {@code While(predicate) {...}}: §20.2.5.3 DefWhile (WhileOp PkgLength Predicate TermList). */
    public static AmlBlock whileLoop(AmlTerm predicate) {
        return new AmlBlock(AmlOpcode.WHILE_OP, predicate);
    }

    /** {@code Break}: §20.2.5.3 DefBreak (0xA5). */
    public static AmlTerm breakLoop() {
        return new AmlOp(AmlOpcode.BREAK_OP);
    }

    /** {@code Continue}: §20.2.5.3 DefContinue (0x9F). */
    public static AmlTerm continueLoop() {
        return new AmlOp(AmlOpcode.CONTINUE_OP);
    }

    /** {@code Return(value)}: §20.2.5.3 DefReturn (ReturnOp ArgObject). */
    public static AmlTerm returnValue(AmlTerm value) {
        return new AmlOp(AmlOpcode.RETURN_OP, value);
    }

    /** {@code Noop}: §20.2.5.3 DefNoop (0xA3). */
    public static AmlTerm noop() {
        return new AmlOp(AmlOpcode.NOOP_OP);
    }

    /**
     * {@code Notify(object, value)}: §20.2.5.3 DefNotify (NotifyOp NotifyObject NotifyValue). Write it as
     * {@code Aml.notify(...)}: inside any class a bare {@code notify(...)} resolves to {@code Object.notify()}
     * before a static import is considered.
     */
    public static AmlTerm notify(AmlTerm object, AmlTerm value) {
        return new AmlOp(AmlOpcode.NOTIFY_OP, object, value);
    }

    /** {@code Release(mutex)}: §20.2.5.3 DefRelease (ExtOpPrefix 0x27 MutexObject). */
    public static AmlTerm release(AmlTerm mutex) {
        return new AmlOp(AmlOpcode.RELEASE_OP, mutex);
    }

    /** {@code Sleep(milliseconds)}: §20.2.5.3 DefSleep (ExtOpPrefix 0x22 MsecTime). */
    public static AmlTerm sleep(AmlTerm milliseconds) {
        return new AmlOp(AmlOpcode.SLEEP_OP, milliseconds);
    }

    /** {@code Stall(microseconds)}: §20.2.5.3 DefStall (ExtOpPrefix 0x21 UsecTime). */
    public static AmlTerm stall(AmlTerm microseconds) {
        return new AmlOp(AmlOpcode.STALL_OP, microseconds);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Expressions (Type 2 opcodes)

    /** A method invocation {@code NAME(args...)}: §20.2.5.4 MethodInvocation (NameString TermArgList). */
    public static AmlTerm call(String method, AmlTerm... args) {
        if (args.length > 7) {
            throw new IllegalArgumentException("A method takes at most 7 arguments, got " + args.length);
        }
        return new MethodInvocation(path(method), args);
    }

    /**
     * {@code Acquire(mutex, timeout)}: §20.2.5.4 DefAcquire (ExtOpPrefix 0x23 MutexObject Timeout), Timeout a
     * raw WordData in milliseconds, 0xFFFF = wait forever. Evaluates to True if it timed out.
     */
    public static AmlTerm acquire(AmlTerm mutex, int timeout) {
        if (timeout < 0 || timeout > 0xFFFF) {
            throw new IllegalArgumentException("Acquire timeout must be 0..0xFFFF ms: " + timeout);
        }
        return new AmlOp(AmlOpcode.ACQUIRE_OP, mutex, RawBytes.littleEndian(timeout, 2));
    }

    /** {@code Store(source, target)}: §20.2.5.4 DefStore (StoreOp TermArg SuperName). */
    public static AmlTerm store(AmlTerm source, AmlTerm target) {
        return new AmlOp(AmlOpcode.STORE_OP, source, target);
    }

    /** {@code CopyObject(source, target)}: §20.2.5.4 DefCopyObject (0x9D TermArg SimpleName). */
    public static AmlTerm copyObject(AmlTerm source, AmlTerm target) {
        return new AmlOp(AmlOpcode.COPY_OBJECT_OP, source, target);
    }

    /** {@code Add(a, b)}: §20.2.5.4 DefAdd (AddOp Operand Operand Target), no target. */
    public static AmlTerm add(AmlTerm a, AmlTerm b) {
        return add(a, b, nullName());
    }

    /** {@code Add(a, b, target)}: §20.2.5.4 DefAdd. */
    public static AmlTerm add(AmlTerm a, AmlTerm b, AmlTerm target) {
        return new AmlOp(AmlOpcode.ADD_OP, a, b, target);
    }

    /** {@code Subtract(a, b)}: §20.2.5.4 DefSubtract, no target. */
    public static AmlTerm subtract(AmlTerm a, AmlTerm b) {
        return subtract(a, b, nullName());
    }

    /** {@code Subtract(a, b, target)}: §20.2.5.4 DefSubtract (SubtractOp Operand Operand Target). */
    public static AmlTerm subtract(AmlTerm a, AmlTerm b, AmlTerm target) {
        return new AmlOp(AmlOpcode.SUBTRACT_OP, a, b, target);
    }

    /** {@code Multiply(a, b)}: §20.2.5.4 DefMultiply, no target. */
    public static AmlTerm multiply(AmlTerm a, AmlTerm b) {
        return multiply(a, b, nullName());
    }

    /** {@code Multiply(a, b, target)}: §20.2.5.4 DefMultiply (MultiplyOp Operand Operand Target). */
    public static AmlTerm multiply(AmlTerm a, AmlTerm b, AmlTerm target) {
        return new AmlOp(AmlOpcode.MULTIPLY_OP, a, b, target);
    }

    /**
     * {@code Divide(dividend, divisor, remainder, quotient)}: §20.2.5.4 DefDivide (DivideOp Dividend Divisor
     * Remainder Quotient); pass {@link #nullName()} for a result you do not want. Evaluates to the quotient.
     */
    public static AmlTerm divide(AmlTerm dividend, AmlTerm divisor, AmlTerm remainder, AmlTerm quotient) {
        return new AmlOp(AmlOpcode.DIVIDE_OP, dividend, divisor, remainder, quotient);
    }

    /** {@code Mod(a, b)}: §20.2.5.4 DefMod, no target. */
    public static AmlTerm mod(AmlTerm a, AmlTerm b) {
        return mod(a, b, nullName());
    }

    /** {@code Mod(a, b, target)}: §20.2.5.4 DefMod (ModOp Dividend Divisor Target). */
    public static AmlTerm mod(AmlTerm a, AmlTerm b, AmlTerm target) {
        return new AmlOp(AmlOpcode.MOD_OP, a, b, target);
    }

    /** {@code Increment(target)}: §20.2.5.4 DefIncrement (IncrementOp SuperName). */
    public static AmlTerm increment(AmlTerm target) {
        return new AmlOp(AmlOpcode.INCREMENT_OP, target);
    }

    /** {@code Decrement(target)}: §20.2.5.4 DefDecrement (DecrementOp SuperName). */
    public static AmlTerm decrement(AmlTerm target) {
        return new AmlOp(AmlOpcode.DECREMENT_OP, target);
    }

    /** {@code ShiftLeft(value, count)}: §20.2.5.4 DefShiftLeft, no target. */
    public static AmlTerm shiftLeft(AmlTerm value, AmlTerm count) {
        return shiftLeft(value, count, nullName());
    }

    /** {@code ShiftLeft(value, count, target)}: §20.2.5.4 DefShiftLeft (ShiftLeftOp Operand ShiftCount Target). */
    public static AmlTerm shiftLeft(AmlTerm value, AmlTerm count, AmlTerm target) {
        return new AmlOp(AmlOpcode.SHIFT_LEFT_OP, value, count, target);
    }

    /** {@code ShiftRight(value, count)}: §20.2.5.4 DefShiftRight, no target. */
    public static AmlTerm shiftRight(AmlTerm value, AmlTerm count) {
        return shiftRight(value, count, nullName());
    }

    /** {@code ShiftRight(value, count, target)}: §20.2.5.4 DefShiftRight (ShiftRightOp Operand ShiftCount Target). */
    public static AmlTerm shiftRight(AmlTerm value, AmlTerm count, AmlTerm target) {
        return new AmlOp(AmlOpcode.SHIFT_RIGHT_OP, value, count, target);
    }

    /** {@code And(a, b)}: bitwise; §20.2.5.4 DefAnd, no target. */
    public static AmlTerm and(AmlTerm a, AmlTerm b) {
        return and(a, b, nullName());
    }

    /** {@code And(a, b, target)}: bitwise; §20.2.5.4 DefAnd (AndOp Operand Operand Target). */
    public static AmlTerm and(AmlTerm a, AmlTerm b, AmlTerm target) {
        return new AmlOp(AmlOpcode.AND_OP, a, b, target);
    }

    /** {@code Or(a, b)}: bitwise; §20.2.5.4 DefOr, no target. */
    public static AmlTerm or(AmlTerm a, AmlTerm b) {
        return or(a, b, nullName());
    }

    /** {@code Or(a, b, target)}: bitwise; §20.2.5.4 DefOr (OrOp Operand Operand Target). */
    public static AmlTerm or(AmlTerm a, AmlTerm b, AmlTerm target) {
        return new AmlOp(AmlOpcode.OR_OP, a, b, target);
    }

    /** {@code XOr(a, b)}: bitwise; §20.2.5.4 DefXOr, no target. */
    public static AmlTerm xor(AmlTerm a, AmlTerm b) {
        return xor(a, b, nullName());
    }

    /** {@code XOr(a, b, target)}: bitwise; §20.2.5.4 DefXOr (XorOp Operand Operand Target). */
    public static AmlTerm xor(AmlTerm a, AmlTerm b, AmlTerm target) {
        return new AmlOp(AmlOpcode.XOR_OP, a, b, target);
    }

    /** {@code Not(value)}: bitwise complement; §20.2.5.4 DefNot, no target. */
    public static AmlTerm not(AmlTerm value) {
        return not(value, nullName());
    }

    /** {@code Not(value, target)}: bitwise complement; §20.2.5.4 DefNot (NotOp Operand Target). */
    public static AmlTerm not(AmlTerm value, AmlTerm target) {
        return new AmlOp(AmlOpcode.NOT_OP, value, target);
    }

    /** {@code Concatenate(a, b)}: §20.2.5.4 DefConcat, no target. */
    public static AmlTerm concatenate(AmlTerm a, AmlTerm b) {
        return concatenate(a, b, nullName());
    }

    /** {@code Concatenate(a, b, target)}: §20.2.5.4 DefConcat (ConcatOp Data Data Target). */
    public static AmlTerm concatenate(AmlTerm a, AmlTerm b, AmlTerm target) {
        return new AmlOp(AmlOpcode.CONCAT_OP, a, b, target);
    }

    /** {@code LAnd(a, b)}: §20.2.5.4 DefLAnd (0x90 Operand Operand). */
    public static AmlTerm lAnd(AmlTerm a, AmlTerm b) {
        return new AmlOp(AmlOpcode.LAND_OP, a, b);
    }

    /** {@code LOr(a, b)}: §20.2.5.4 DefLOr (0x91 Operand Operand). */
    public static AmlTerm lOr(AmlTerm a, AmlTerm b) {
        return new AmlOp(AmlOpcode.LOR_OP, a, b);
    }

    /** {@code LNot(a)}: §20.2.5.4 DefLNot (0x92 Operand). */
    public static AmlTerm lNot(AmlTerm a) {
        return new AmlOp(AmlOpcode.LNOT_OP, a);
    }

    /** {@code LEqual(a, b)}: §20.2.5.4 DefLEqual (0x93 Operand Operand). */
    public static AmlTerm lEqual(AmlTerm a, AmlTerm b) {
        return new AmlOp(AmlOpcode.LEQUAL_OP, a, b);
    }

    /** {@code LGreater(a, b)}: §20.2.5.4 DefLGreater (0x94 Operand Operand). */
    public static AmlTerm lGreater(AmlTerm a, AmlTerm b) {
        return new AmlOp(AmlOpcode.LGREATER_OP, a, b);
    }

    /** {@code LLess(a, b)}: §20.2.5.4 DefLLess (0x95 Operand Operand). */
    public static AmlTerm lLess(AmlTerm a, AmlTerm b) {
        return new AmlOp(AmlOpcode.LLESS_OP, a, b);
    }

    /** {@code LNotEqual(a, b)}: has no opcode; §20.2.5.4 LNotEqualOp := LNotOp LEqualOp. */
    public static AmlTerm lNotEqual(AmlTerm a, AmlTerm b) {
        return lNot(lEqual(a, b));
    }

    /** {@code LGreaterEqual(a, b)}: §20.2.5.4 LGreaterEqualOp := LNotOp LLessOp. */
    public static AmlTerm lGreaterEqual(AmlTerm a, AmlTerm b) {
        return lNot(lLess(a, b));
    }

    /** {@code LLessEqual(a, b)}: §20.2.5.4 LLessEqualOp := LNotOp LGreaterOp. */
    public static AmlTerm lLessEqual(AmlTerm a, AmlTerm b) {
        return lNot(lGreater(a, b));
    }

    /** {@code Index(source, index)}: a reference to one element; §20.2.5.4 DefIndex, no target. */
    public static AmlTerm index(AmlTerm source, AmlTerm index) {
        return index(source, index, nullName());
    }

    /** {@code Index(source, index, target)}: §20.2.5.4 DefIndex (IndexOp BuffPkgStrObj IndexValue Target). */
    public static AmlTerm index(AmlTerm source, AmlTerm index, AmlTerm target) {
        return new AmlOp(AmlOpcode.INDEX_OP, source, index, target);
    }

    /** {@code DerefOf(reference)}: §20.2.5.4 DefDerefOf (0x83 ObjReference). */
    public static AmlTerm derefOf(AmlTerm reference) {
        return new AmlOp(AmlOpcode.DEREF_OF_OP, reference);
    }

    /** {@code RefOf(object)}: §20.2.5.4 DefRefOf (0x71 SuperName). */
    public static AmlTerm refOf(AmlTerm object) {
        return new AmlOp(AmlOpcode.REF_OF_OP, object);
    }

    /** {@code CondRefOf(object)}: True if the object exists; §20.2.5.4 DefCondRefOf, no target. */
    public static AmlTerm condRefOf(AmlTerm object) {
        return condRefOf(object, nullName());
    }

    /** {@code CondRefOf(object, target)}: §20.2.5.4 DefCondRefOf (ExtOpPrefix 0x12 SuperName Target). */
    public static AmlTerm condRefOf(AmlTerm object, AmlTerm target) {
        return new AmlOp(AmlOpcode.COND_REF_OF_OP, object, target);
    }

    /** {@code SizeOf(object)}: §20.2.5.4 DefSizeOf (0x87 SuperName). */
    public static AmlTerm sizeOf(AmlTerm object) {
        return new AmlOp(AmlOpcode.SIZE_OF_OP, object);
    }

    /** {@code ObjectType(object)}: §20.2.5.4 DefObjectType (0x8E SimpleName | DebugObj | DefRefOf ...). */
    public static AmlTerm objectType(AmlTerm object) {
        return new AmlOp(AmlOpcode.OBJECT_TYPE_OP, object);
    }

    /** {@code ToBuffer(operand)}: §20.2.5.4 DefToBuffer, no target. */
    public static AmlTerm toBuffer(AmlTerm operand) {
        return toBuffer(operand, nullName());
    }

    /** {@code ToBuffer(operand, target)}: §20.2.5.4 DefToBuffer (0x96 Operand Target). */
    public static AmlTerm toBuffer(AmlTerm operand, AmlTerm target) {
        return new AmlOp(AmlOpcode.TO_BUFFER_OP, operand, target);
    }

    /** {@code ToInteger(operand)}: §20.2.5.4 DefToInteger, no target. */
    public static AmlTerm toInteger(AmlTerm operand) {
        return toInteger(operand, nullName());
    }

    /** {@code ToInteger(operand, target)}: §20.2.5.4 DefToInteger (0x99 Operand Target). */
    public static AmlTerm toInteger(AmlTerm operand, AmlTerm target) {
        return new AmlOp(AmlOpcode.TO_INTEGER_OP, operand, target);
    }

    /** {@code ToHexString(operand)}: §20.2.5.4 DefToHexString, no target. */
    public static AmlTerm toHexString(AmlTerm operand) {
        return toHexString(operand, nullName());
    }

    /** {@code ToHexString(operand, target)}: §20.2.5.4 DefToHexString (0x98 Operand Target). */
    public static AmlTerm toHexString(AmlTerm operand, AmlTerm target) {
        return new AmlOp(AmlOpcode.TO_HEX_STRING_OP, operand, target);
    }

    /** {@code ToDecimalString(operand)}: §20.2.5.4 DefToDecimalString, no target. */
    public static AmlTerm toDecimalString(AmlTerm operand) {
        return toDecimalString(operand, nullName());
    }

    /** {@code ToDecimalString(operand, target)}: §20.2.5.4 DefToDecimalString (0x97 Operand Target). */
    public static AmlTerm toDecimalString(AmlTerm operand, AmlTerm target) {
        return new AmlOp(AmlOpcode.TO_DECIMAL_STRING_OP, operand, target);
    }

    private static void checkSyncLevel(int syncLevel) {
        if (syncLevel < 0 || syncLevel > 15) {
            throw new IllegalArgumentException("SyncLevel must be 0..15: " + syncLevel);
        }
    }
}
