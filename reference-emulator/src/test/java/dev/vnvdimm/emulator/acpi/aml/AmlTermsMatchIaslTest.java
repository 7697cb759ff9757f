package dev.vnvdimm.emulator.acpi.aml;

import dev.vnvdimm.abi.aml.PkgLength;

import dev.vnvdimm.abi.acpi.AcpiTableHeader;
import dev.vnvdimm.acpica.Iasl;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static dev.vnvdimm.emulator.acpi.aml.Aml.*;
import static dev.vnvdimm.emulator.acpi.aml.SerializeRule.NOT_SERIALIZED;
import static dev.vnvdimm.emulator.acpi.aml.SerializeRule.SERIALIZED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Each case is one ASL snippet and the builder calls for the same construct; iasl compiles the snippet at test
 * time and the definition block bodies (everything after the 36-byte header) must be identical. Snippets use
 * the classic ASL operator forms, which iasl encodes one-to-one; iasl compiles them {@link Iasl#AS_WRITTEN}.
 *
 * <p>Why those flags: QEMU's builder emits terms exactly as written, while iasl optimises by default.
 * {@code -on} keeps name paths as written (otherwise {@code \_SB} inside the root scope shrinks to {@code _SB_}),
 * {@code -of} turns off constant folding (otherwise {@code ShiftLeft(1, 3)} becomes {@code 8}). Integer
 * optimisation stays on: it maps 0/1 to Zero/One like our {@code Aml.integer}; the one difference, iasl writing
 * 0xFFFFFFFF as Ones in a revision-1 (32-bit) table, is pinned by its own test.
 */
class AmlTermsMatchIaslTest {

    @TempDir
    Path dir;

    @BeforeEach
    void needsIasl() {
        assumeTrue(Iasl.TOOL.isInstalled(), Iasl.TOOL::missingReason);
    }

    /** One snippet: the ASL inside the DefinitionBlock and the builder terms for the same body. */
    record Case(String name, int revision, String asl, List<AmlTerm> terms) {
        @Override
        public String toString() {
            return name;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"dataObjects", "namespace", "namedObjects", "fields", "statements", "expressions"})
    void builderEncodesLikeIasl(Case c) throws Exception {
        byte[] iasl = body(Iasl.compile(dir, definitionBlock(c.revision(), c.asl()), Iasl.AS_WRITTEN));

        DefinitionBlock block = Aml.definitionBlock(AcpiTableHeader.qemu("SSDT", c.revision()));
        c.terms().forEach(block::append);
        byte[] built = body(block.build().bytes());

        assertThat(iasl).as("iasl output").isNotEmpty();
        assertThat(hex(built)).as("AML body of %s", c.name()).isEqualTo(hex(iasl));
    }

    /**
     * iasl quirk pinned down: in a revision-1 (32-bit integer) table it writes 0xFFFFFFFF as OnesOp, while
     * {@code Aml.integer} keeps the DWordConst as QEMU's aml_int does, which means the same there and stays right
     * if the table is ever loaded with 64-bit integers.
     */
    @Test
    void iaslWritesAll32BitOnesAsOnesOpInRevisionOneTables() throws Exception {
        byte[] iasl = body(Iasl.compile(dir, definitionBlock(1, "Name (IDW, 0xFFFFFFFF)"), Iasl.AS_WRITTEN));

        assertThat(hex(iasl)).isEqualTo(hex(name("IDW", ones()).encode()));
        assertThat(hex(name("IDW", integer(0xFFFF_FFFFL)).encode())).isEqualTo("084944575f0cffffffff");
    }

    /**
     * iasl quirk: an ASL+ assignment of an operator result is folded into the operator's own Target
     * ({@code Local1 = Local0 + 1} is {@code Add(Local0, 1, Local1)}), not Store(Add(..., NullName), Local1),
     * which is what QEMU writes for {@code Local1 = (Local1 << 3)}; the two are different byte streams.
     */
    @Test
    void iaslFoldsAslPlusAssignmentIntoTheTarget() throws Exception {
        String asl = """
                Method (MTST, 0, Serialized)
                {
                    Local0 = One
                    Local1 = (Local0 + 0x02)
                    Return (Local1)
                }
                """;
        byte[] iasl = body(Iasl.compile(dir, definitionBlock(1, asl), Iasl.AS_WRITTEN));

        AmlTerm folded = method("MTST", 0, SERIALIZED)
                .append(store(one(), local(0)), add(local(0), integer(2), local(1)), returnValue(local(1)));
        AmlTerm stored = method("MTST", 0, SERIALIZED)
                .append(store(one(), local(0)), store(add(local(0), integer(2)), local(1)), returnValue(local(1)));
        assertThat(hex(iasl)).isEqualTo(hex(folded.encode())).isNotEqualTo(hex(stored.encode()));
    }

    // -------------------------------------------------------------------------------------------------------------

    static Stream<Case> dataObjects() {
        byte[] seventy = new byte[70];
        for (int i = 0; i < seventy.length; i++) {
            seventy[i] = (byte) i;
        }
        String seventyAsl = IntStream.range(0, 70).mapToObj(i -> String.format("0x%02X", i))
                .collect(Collectors.joining(", "));
        return Stream.of(
                root("integers choose Zero/One/Byte/Word/DWord", """
                        Name (I000, 0)
                        Name (I001, 1)
                        Name (I002, 2)
                        Name (I0FF, 0xFF)
                        Name (I100, 0x100)
                        Name (IFFF, 0xFFFF)
                        Name (I10K, 0x10000)
                        Name (IMAX, 0xFFFFFFFE)
                        """,
                        name("I000", integer(0)), name("I001", integer(1)), name("I002", integer(2)),
                        name("I0FF", integer(0xFF)), name("I100", integer(0x100)), name("IFFF", integer(0xFFFF)),
                        name("I10K", integer(0x10000)), name("IMAX", integer(0xFFFF_FFFEL))),
                new Case("integers in a 64-bit table: DWord, QWord, Ones", 2, """
                        Name (IDW, 0xFFFFFFFF)
                        Name (IQW, 0x100000000)
                        Name (IQWM, 0xFFFFFFFFFFFFFFFE)
                        Name (ION, 0xFFFFFFFFFFFFFFFF)
                        """, List.of(
                        name("IDW", integer(0xFFFF_FFFFL)), name("IQW", integer(0x1_0000_0000L)),
                        name("IQWM", integer(0xFFFF_FFFF_FFFF_FFFEL)), name("ION", integer(-1L)))),
                root("Zero One Ones keywords", """
                        Name (KZER, Zero)
                        Name (KONE, One)
                        Name (KONS, Ones)
                        """,
                        name("KZER", zero()), name("KONE", one()), name("KONS", ones())),
                root("strings", """
                        Name (_HID, "ACPI0012")
                        Name (STR0, "")
                        Name (STR1, "Hello, world!")
                        """,
                        name("_HID", string("ACPI0012")), name("STR0", string("")),
                        name("STR1", string("Hello, world!"))),
                root("buffers", """
                        Name (BUF0, Buffer (Zero) {})
                        Name (BUF1, Buffer (One) {0x00})
                        Name (BUF8, Buffer (0x08) {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00})
                        Name (BUFS, Buffer (0x10) {0x01, 0x02})
                        Name (BUFN, Buffer () {0x01, 0x02, 0x03})
                        """,
                        name("BUF0", buffer(0)), name("BUF1", buffer(1, (byte) 0)),
                        name("BUF8", buffer(8, new byte[8])), name("BUFS", buffer(16, (byte) 1, (byte) 2)),
                        name("BUFN", bufferOf((byte) 1, (byte) 2, (byte) 3))),
                root("buffer long enough for a 2-byte PkgLength", "Name (BIG, Buffer () {" + seventyAsl + "})",
                        name("BIG", bufferOf(seventy))),
                root("ToUUID", """
                        Name (UUID, ToUUID ("2f10e7a4-9e91-11e4-89d3-123b93f75cba"))
                        Name (UUI2, ToUUID ("648B9CF2-CDA1-4312-8AD9-49C4AF32BD62"))
                        """,
                        name("UUID", toUuid("2f10e7a4-9e91-11e4-89d3-123b93f75cba")),
                        name("UUI2", toUuid("648B9CF2-CDA1-4312-8AD9-49C4AF32BD62"))),
                root("packages", """
                        Name (PKG0, Package () {})
                        Name (PKG1, Package () {One, "A", Buffer (One) {0x02}, Package () {Zero}})
                        Name (PKG5, Package (0x05) {0x03})
                        """,
                        name("PKG0", packageOf()),
                        name("PKG1", packageOf(one(), string("A"), buffer(1, (byte) 2), packageOf(zero()))),
                        name("PKG5", packageOf(5, integer(3)))),
                inMethod("VarPackage with a computed size", 1, """
                        Store (Package (Arg0) {One, 0x02}, Local0)
                        Return (Local0)
                        """,
                        store(varPackage(arg(0), one(), integer(2)), local(0)), returnValue(local(0))),
                root("named DWord placeholder", "Name (MEMA, 0x07FFE000)", namedDWord("MEMA", 0x07FFE000L)));
    }

    static Stream<Case> namespace() {
        return Stream.of(
                root("Scope with root, dual, multi and parent name paths", """
                        Scope (\\_SB)
                        {
                            Device (PCI0)
                            {
                                Name (VAL1, One)
                                Device (S08)
                                {
                                    Name (VAL2, 0x02)
                                    Method (MTST, 0, Serialized)
                                    {
                                        Store (^^VAL1, Local0)
                                        Store (^^^PCI0.VAL1, Local1)
                                        Store (\\_SB.PCI0.S08.VAL2, Local2)
                                        Store (\\_SB.PCI0.VAL1, Local3)
                                        Return (Add (Local0, Add (Local1, Add (Local2, Local3))))
                                    }
                                }
                            }
                            Scope (PCI0.S08)
                            {
                                Name (VAL3, 0x03)
                            }
                        }
                        Scope (\\)
                        {
                            Name (ROOT, One)
                        }
                        """,
                        scope("\\_SB")
                                .append(device("PCI0")
                                        .append(name("VAL1", one()))
                                        .append(device("S08")
                                                .append(name("VAL2", integer(2)))
                                                .append(method("MTST", 0, SERIALIZED)
                                                        .append(store(path("^^VAL1"), local(0)))
                                                        .append(store(path("^^^PCI0.VAL1"), local(1)))
                                                        .append(store(path("\\_SB.PCI0.S08.VAL2"), local(2)))
                                                        .append(store(path("\\_SB.PCI0.VAL1"), local(3)))
                                                        .append(returnValue(add(local(0),
                                                                add(local(1), add(local(2), local(3)))))))))
                                .append(scope("PCI0.S08").append(name("VAL3", integer(3)))),
                        scope("\\").append(name("ROOT", one()))),
                root("short names are padded with underscores", """
                        Name (A, One)
                        Name (LEN, 0x02)
                        Name (_AB, 0x03)
                        """,
                        name("A", one()), name("LEN", integer(2)), name("_AB", integer(3))),
                root("Device with _ADR and a nested Device", """
                        Device (NVDR)
                        {
                            Name (_HID, "ACPI0012")
                            Device (NV00)
                            {
                                Name (_ADR, One)
                            }
                        }
                        """,
                        device("NVDR").append(name("_HID", string("ACPI0012")))
                                .append(device("NV00").append(name("_ADR", one())))));
    }

    static Stream<Case> namedObjects() {
        AmlTerm[] noops = new AmlTerm[70];
        Arrays.fill(noops, noop());
        return Stream.of(
                root("Method flags: arg count, SerializeRule, SyncLevel", """
                        Method (M000, 0, NotSerialized) {}
                        Method (M001, 7, Serialized) {}
                        Method (M002, 3, Serialized, 15) {}
                        Method (M003, 1, NotSerialized, 4) {}
                        """,
                        method("M000", 0, NOT_SERIALIZED), method("M001", 7, SERIALIZED),
                        method("M002", 3, SERIALIZED, 15), method("M003", 1, NOT_SERIALIZED, 4)),
                root("Method long enough for a 2-byte PkgLength",
                        "Method (LONG, 0, NotSerialized)\n{\n" + "    Noop\n".repeat(70) + "}\n",
                        method("LONG", 0, NOT_SERIALIZED).append(noops)),
                root("Mutex, Acquire, Release", """
                        Mutex (MTX0, 0x00)
                        Mutex (MTX1, 0x0F)
                        Method (MTST, 0, Serialized)
                        {
                            Acquire (MTX0, 0xFFFF)
                            Release (MTX0)
                            Store (Acquire (MTX1, 0x0064), Local0)
                            Release (MTX1)
                            Return (Local0)
                        }
                        """,
                        mutex("MTX0", 0), mutex("MTX1", 15),
                        method("MTST", 0, SERIALIZED)
                                .append(acquire(path("MTX0"), 0xFFFF))
                                .append(release(path("MTX0")))
                                .append(store(acquire(path("MTX1"), 100), local(0)))
                                .append(release(path("MTX1")))
                                .append(returnValue(local(0)))),
                root("Notify", """
                        Device (DEV0) {}
                        Method (MTST, 0, NotSerialized)
                        {
                            Notify (DEV0, 0x80)
                            Notify (\\DEV0, One)
                        }
                        """,
                        device("DEV0"),
                        method("MTST", 0, NOT_SERIALIZED)
                                .append(Aml.notify(path("DEV0"), integer(0x80)))
                                .append(Aml.notify(path("\\DEV0"), one()))),
                root("OperationRegion in SystemIO and SystemMemory", """
                        OperationRegion (NPIO, SystemIO, 0x0A18, 0x04)
                        OperationRegion (NRAM, SystemMemory, 0xFED40000, 0x1000)
                        OperationRegion (PCFG, PCI_Config, Zero, 0x0100)
                        """,
                        operationRegion("NPIO", RegionSpace.SYSTEM_IO, integer(0x0A18), integer(4)),
                        operationRegion("NRAM", RegionSpace.SYSTEM_MEMORY, integer(0xFED40000L), integer(0x1000)),
                        operationRegion("PCFG", RegionSpace.PCI_CONFIG, zero(), integer(0x100))),
                inMethod("OperationRegion at a computed address", 1, """
                        Store (Arg0, Local6)
                        OperationRegion (NRAM, SystemMemory, Local6, 0x1000)
                        """,
                        store(arg(0), local(6)),
                        operationRegion("NRAM", RegionSpace.SYSTEM_MEMORY, local(6), integer(0x1000))),
                inMethod("CreateField family", 1, """
                        Name (BUFF, Buffer (0x10) {})
                        CreateBitField (BUFF, 0x03, BIT3)
                        CreateByteField (BUFF, One, BYT1)
                        CreateWordField (BUFF, 0x02, WRD2)
                        CreateDWordField (BUFF, 0x04, DWD4)
                        CreateQWordField (BUFF, 0x08, QWD8)
                        CreateField (BUFF, 0x20, Arg0, FLD1)
                        CreateField (Arg0, 0x20, ShiftLeft (Arg0, 0x03), FLD2)
                        Return (FLD1)
                        """,
                        name("BUFF", buffer(16)),
                        createBitField(path("BUFF"), integer(3), "BIT3"),
                        createByteField(path("BUFF"), one(), "BYT1"),
                        createWordField(path("BUFF"), integer(2), "WRD2"),
                        createDWordField(path("BUFF"), integer(4), "DWD4"),
                        createQWordField(path("BUFF"), integer(8), "QWD8"),
                        createField(path("BUFF"), integer(32), arg(0), "FLD1"),
                        createField(arg(0), integer(32), shiftLeft(arg(0), integer(3)), "FLD2"),
                        returnValue(path("FLD1"))));
    }

    static Stream<Case> fields() {
        return Stream.of(
                root("Field with DWordAcc NoLock Preserve, widths needing 1-3 byte lengths", """
                        OperationRegion (NRAM, SystemMemory, 0x10000000, 0x1000)
                        Field (NRAM, DWordAcc, NoLock, Preserve)
                        {
                            HDLE,   32,
                            REVS,   32,
                            FUNC,   32,
                            FARG,   32672
                        }
                        Field (NRAM, DWordAcc, NoLock, Preserve)
                        {
                            RLEN,   32,
                            ODAT,   32736
                        }
                        """,
                        operationRegion("NRAM", RegionSpace.SYSTEM_MEMORY, integer(0x10000000), integer(0x1000)),
                        field("NRAM", AccessType.DWORD_ACC, LockRule.NO_LOCK, UpdateRule.PRESERVE)
                                .append(namedField("HDLE", 32), namedField("REVS", 32), namedField("FUNC", 32),
                                        namedField("FARG", 32672)),
                        field("NRAM", AccessType.DWORD_ACC, LockRule.NO_LOCK, UpdateRule.PRESERVE)
                                .append(namedField("RLEN", 32), namedField("ODAT", 32736))),
                root("Field flags, reserved bits, Offset and AccessAs", """
                        OperationRegion (REG0, SystemIO, 0x0100, 0x40)
                        Field (REG0, ByteAcc, Lock, WriteAsOnes)
                        {
                            Offset (0x04),
                            F1,     8,
                                ,   4,
                            F2,     4,
                            Offset (0x06),
                            AccessAs (WordAcc),
                            F3,     16,
                            Offset (0x10),
                            F4,     1
                        }
                        Field (REG0, AnyAcc, NoLock, WriteAsZeros)
                        {
                            G1,     8
                        }
                        Field (REG0, QWordAcc, NoLock, Preserve)
                        {
                            G2,     64
                        }
                        Field (REG0, BufferAcc, NoLock, Preserve)
                        {
                            G3,     8
                        }
                        """,
                        operationRegion("REG0", RegionSpace.SYSTEM_IO, integer(0x100), integer(0x40)),
                        field("REG0", AccessType.BYTE_ACC, LockRule.LOCK, UpdateRule.WRITE_AS_ONES)
                                .append(offset(4), namedField("F1", 8), reservedField(4), namedField("F2", 4),
                                        offset(6), accessAs(AccessType.WORD_ACC), namedField("F3", 16),
                                        offset(0x10), namedField("F4", 1)),
                        field("REG0", AccessType.ANY_ACC, LockRule.NO_LOCK, UpdateRule.WRITE_AS_ZEROS)
                                .append(namedField("G1", 8)),
                        field("REG0", AccessType.QWORD_ACC, LockRule.NO_LOCK, UpdateRule.PRESERVE)
                                .append(namedField("G2", 64)),
                        field("REG0", AccessType.BUFFER_ACC, LockRule.NO_LOCK, UpdateRule.PRESERVE)
                                .append(namedField("G3", 8))));
    }

    static Stream<Case> statements() {
        return Stream.of(
                inMethod("If / ElseIf / ElseIf / Else", 1, """
                        If (LEqual (Arg0, Zero))
                        {
                            Store (One, Local0)
                        }
                        ElseIf (LEqual (Arg0, One))
                        {
                            Store (0x02, Local0)
                        }
                        ElseIf (LEqual (Arg0, 0x02))
                        {
                            Store (0x03, Local0)
                        }
                        Else
                        {
                            Store (0x04, Local0)
                        }
                        Return (Local0)
                        """,
                        ifThen(lEqual(arg(0), zero())).append(store(one(), local(0))),
                        elseIf(lEqual(arg(0), one())).append(store(integer(2), local(0))),
                        elseIf(lEqual(arg(0), integer(2))).append(store(integer(3), local(0))),
                        elseBlock().append(store(integer(4), local(0))),
                        returnValue(local(0))),
                inMethod("If / Else holding an If and more terms", 1, """
                        Store (Zero, Local0)
                        If (LEqual (Arg0, 0x0100))
                        {
                            Store (One, Local0)
                        }
                        Else
                        {
                            If (LEqual (Arg0, Zero))
                            {
                                Return (0x02)
                            }
                            Increment (Local0)
                        }
                        If (Arg0)
                        {
                            Return (Local0)
                        }
                        Return (Zero)
                        """,
                        store(zero(), local(0)),
                        ifThen(lEqual(arg(0), integer(0x100))).append(store(one(), local(0))),
                        elseBlock()
                                .append(ifThen(lEqual(arg(0), zero())).append(returnValue(integer(2))))
                                .append(increment(local(0))),
                        ifThen(arg(0)).append(returnValue(local(0))),
                        returnValue(zero())),
                inMethod("While with Break and Continue", 0, """
                        Store (Zero, Local0)
                        Store (0x14, Local1)
                        While (LLess (Local0, 0x0A))
                        {
                            Increment (Local0)
                            If (LEqual (Local0, 0x05))
                            {
                                Continue
                            }
                            If (LGreater (Local0, 0x08))
                            {
                                Break
                            }
                            Decrement (Local1)
                        }
                        While (One)
                        {
                            Break
                        }
                        Return (Local1)
                        """,
                        store(zero(), local(0)), store(integer(0x14), local(1)),
                        whileLoop(lLess(local(0), integer(10)))
                                .append(increment(local(0)))
                                .append(ifThen(lEqual(local(0), integer(5))).append(continueLoop()))
                                .append(ifThen(lGreater(local(0), integer(8))).append(breakLoop()))
                                .append(decrement(local(1))),
                        whileLoop(one()).append(breakLoop()),
                        returnValue(local(1))),
                inMethod("Return forms, Noop, Sleep, Stall", 1, """
                        Noop
                        Sleep (0x0A)
                        Stall (Arg0)
                        If (Arg0)
                        {
                            Return (Buffer (Zero) {})
                        }
                        Return (Arg0)
                        """,
                        noop(), sleep(integer(10)), stall(arg(0)),
                        ifThen(arg(0)).append(returnValue(buffer(0))),
                        returnValue(arg(0))));
    }

    static Stream<Case> expressions() {
        return Stream.of(
                inMethod("Store to locals, args, names, Debug, Index", 2, """
                        Name (NAM0, Zero)
                        Name (TBUF, Buffer (One) {0x00})
                        Store (Arg0, Local0)
                        Store (Local0, Arg1)
                        Store (Local0, NAM0)
                        Store (NAM0, Debug)
                        Store (0x41, Index (TBUF, Zero))
                        CopyObject (Local0, Local7)
                        Return (Local7)
                        """,
                        name("NAM0", zero()), name("TBUF", buffer(1, (byte) 0)),
                        store(arg(0), local(0)), store(local(0), arg(1)), store(local(0), path("NAM0")),
                        store(path("NAM0"), debug()), store(integer(0x41), index(path("TBUF"), zero())),
                        copyObject(local(0), local(7)), returnValue(local(7))),
                inMethod("integer arithmetic with and without targets", 2, """
                        Add (Arg0, Arg1, Local0)
                        Store (Add (Arg0, One), Local1)
                        Subtract (Local0, 0x04, Local1)
                        Store (Subtract (Local0, Local1), Local2)
                        Multiply (Local0, 0x03, Local2)
                        Store (Multiply (Local0, Local1), Local3)
                        Divide (Local0, 0x03, Local3, Local4)
                        Divide (Local0, 0x03, , Local5)
                        Mod (Local0, 0x07, Local5)
                        Increment (Local0)
                        Decrement (Local1)
                        Return (Local5)
                        """,
                        add(arg(0), arg(1), local(0)), store(add(arg(0), one()), local(1)),
                        subtract(local(0), integer(4), local(1)), store(subtract(local(0), local(1)), local(2)),
                        multiply(local(0), integer(3), local(2)), store(multiply(local(0), local(1)), local(3)),
                        divide(local(0), integer(3), local(3), local(4)),
                        divide(local(0), integer(3), nullName(), local(5)),
                        mod(local(0), integer(7), local(5)),
                        increment(local(0)), decrement(local(1)), returnValue(local(5))),
                inMethod("shifts and bitwise operators", 1, """
                        Store (Arg0, Local1)
                        ShiftLeft (Local1, 0x03, Local1)
                        Store (ShiftLeft (Local1, 0x03), Local1)
                        ShiftRight (Local1, One, Local2)
                        Store (ShiftRight (Local1, 0x04), Local2)
                        And (Local1, 0xFF, Local3)
                        Store (And (Local1, Local2), Local3)
                        Or (Local1, 0x0100, Local4)
                        Store (Or (Local1, Local2), Local4)
                        XOr (Local1, Local2, Local5)
                        Not (Local5, Local6)
                        Return (Local6)
                        """,
                        store(arg(0), local(1)),
                        shiftLeft(local(1), integer(3), local(1)), store(shiftLeft(local(1), integer(3)), local(1)),
                        shiftRight(local(1), one(), local(2)), store(shiftRight(local(1), integer(4)), local(2)),
                        and(local(1), integer(0xFF), local(3)), store(and(local(1), local(2)), local(3)),
                        or(local(1), integer(0x100), local(4)), store(or(local(1), local(2)), local(4)),
                        xor(local(1), local(2), local(5)), not(local(5), local(6)), returnValue(local(6))),
                inMethod("Concatenate", 1, """
                        Name (TBUF, Buffer (One) {0x00})
                        Store (Buffer (Zero) {}, Local7)
                        Concatenate (Local7, TBUF, Local7)
                        Store (Concatenate ("ab", "cd"), Local0)
                        Return (Local7)
                        """,
                        name("TBUF", buffer(1, (byte) 0)), store(buffer(0), local(7)),
                        concatenate(local(7), path("TBUF"), local(7)),
                        store(concatenate(string("ab"), string("cd")), local(0)), returnValue(local(7))),
                inMethod("logical operators", 2, """
                        Store (LEqual (Arg0, Arg1), Local0)
                        Store (LLess (Arg0, Arg1), Local1)
                        Store (LGreater (Arg0, Arg1), Local2)
                        Store (LNot (Arg0), Local3)
                        Store (LAnd (Arg0, Arg1), Local4)
                        Store (LOr (LEqual (Arg0, Zero), LNotEqual (Arg1, Arg0)), Local5)
                        Store (LGreaterEqual (Arg0, Arg1), Local6)
                        Store (LLessEqual (Arg0, Arg1), Local7)
                        Return (Local7)
                        """,
                        store(lEqual(arg(0), arg(1)), local(0)), store(lLess(arg(0), arg(1)), local(1)),
                        store(lGreater(arg(0), arg(1)), local(2)), store(lNot(arg(0)), local(3)),
                        store(lAnd(arg(0), arg(1)), local(4)),
                        store(lOr(lEqual(arg(0), zero()), lNotEqual(arg(1), arg(0))), local(5)),
                        store(lGreaterEqual(arg(0), arg(1)), local(6)), store(lLessEqual(arg(0), arg(1)), local(7)),
                        returnValue(local(7))),
                inMethod("Index, DerefOf, SizeOf, ObjectType, RefOf, CondRefOf", 1, """
                        Name (ODAT, Buffer (0x04) {0x01, 0x02, 0x03, 0x04})
                        Name (TBUF, Buffer (One) {0x00})
                        Store (Zero, Local2)
                        If (LAnd (LEqual (ObjectType (Arg0), 0x04), LEqual (SizeOf (Arg0), One)))
                        {
                            Store (Index (Arg0, Zero), Local2)
                            Store (DerefOf (Local2), Local3)
                        }
                        Store (DerefOf (Index (ODAT, Local2)), Index (TBUF, Zero))
                        Index (ODAT, One, Local4)
                        Store (RefOf (ODAT), Local5)
                        Store (CondRefOf (\\_OSI, Local6), Local7)
                        Return (SizeOf (ODAT))
                        """,
                        name("ODAT", buffer(4, (byte) 1, (byte) 2, (byte) 3, (byte) 4)),
                        name("TBUF", buffer(1, (byte) 0)),
                        store(zero(), local(2)),
                        ifThen(lAnd(lEqual(objectType(arg(0)), integer(4)), lEqual(sizeOf(arg(0)), one())))
                                .append(store(index(arg(0), zero()), local(2)))
                                .append(store(derefOf(local(2)), local(3))),
                        store(derefOf(index(path("ODAT"), local(2))), index(path("TBUF"), zero())),
                        index(path("ODAT"), one(), local(4)),
                        store(refOf(path("ODAT")), local(5)),
                        store(condRefOf(path("\\_OSI"), local(6)), local(7)),
                        returnValue(sizeOf(path("ODAT")))),
                inMethod("conversions", 1, """
                        Name (LSA, Buffer (Zero) {})
                        ToBuffer (Arg0, LSA)
                        Store (ToBuffer (Arg0), Local0)
                        ToInteger (Local0, Local1)
                        ToHexString (Local1, Local2)
                        ToDecimalString (Local1, Local3)
                        Return (Local3)
                        """,
                        name("LSA", buffer(0)), toBuffer(arg(0), path("LSA")),
                        store(toBuffer(arg(0)), local(0)), toInteger(local(0), local(1)),
                        toHexString(local(1), local(2)), toDecimalString(local(1), local(3)),
                        returnValue(local(3))),
                root("method invocations with 0, 1 and 5 arguments", """
                        Method (GETV, 0, NotSerialized)
                        {
                            Return (0x2A)
                        }
                        Method (ONEA, 1, NotSerialized)
                        {
                            Return (Arg0)
                        }
                        Method (NCAL, 5, Serialized)
                        {
                            Return (Arg4)
                        }
                        Method (CALR, 1, Serialized)
                        {
                            Name (OFST, Zero)
                            Store (GETV (), Local0)
                            Store (ONEA (Local0), OFST)
                            Return (NCAL (Arg0, One, 0x02, Package (0x01) {OFST}, 0x00010000))
                        }
                        """,
                        method("GETV", 0, NOT_SERIALIZED).append(returnValue(integer(42))),
                        method("ONEA", 1, NOT_SERIALIZED).append(returnValue(arg(0))),
                        method("NCAL", 5, SERIALIZED).append(returnValue(arg(4))),
                        method("CALR", 1, SERIALIZED)
                                .append(name("OFST", zero()))
                                .append(store(call("GETV"), local(0)))
                                .append(store(call("ONEA", local(0)), path("OFST")))
                                .append(returnValue(call("NCAL", arg(0), one(), integer(2), packageOf(path("OFST")),
                                        integer(0x10000))))));
    }

    // -------------------------------------------------------------------------------------------------------------

    private static Case root(String name, String asl, AmlTerm... terms) {
        return new Case(name, 1, asl, List.of(terms));
    }

    /** The snippet as the body of {@code Method (MTST, argCount, Serialized)}. */
    private static Case inMethod(String name, int argCount, String asl, AmlTerm... body) {
        String wrapped = "Method (MTST, " + argCount + ", Serialized)\n{\n" + asl.indent(4) + "}\n";
        return new Case(name, 1, wrapped, List.of(method("MTST", argCount, SERIALIZED).append(body)));
    }

    static String definitionBlock(int revision, String body) {
        return "DefinitionBlock (\"\", \"SSDT\", " + revision + ", \"BOCHS \", \"TEST\", 1)\n{\n"
                + body.indent(4) + "}\n";
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** The definition block body: everything after the table header. */
    static byte[] body(byte[] table) {
        return Arrays.copyOfRange(table, AcpiTableHeader.SIZE, table.length);
    }
}
