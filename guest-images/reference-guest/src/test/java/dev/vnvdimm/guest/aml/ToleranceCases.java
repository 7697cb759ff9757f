package dev.vnvdimm.guest.aml;

import dev.vnvdimm.abi.acpi.AcpiTableHeader;
import dev.vnvdimm.guest.aml.ToleranceCase.Golden;
import dev.vnvdimm.guest.aml.ToleranceCase.Table;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.vnvdimm.guest.aml.ToleranceCase.block;
import static dev.vnvdimm.guest.aml.ToleranceCase.bufferList;

/**
 * The tolerance suite: AML as imperfect firmware has it, which Linux (ACPICA) loads and runs anyway, logging what
 * it skips — duplicate names and Scopes to nowhere at load, regions in address spaces without a handler, Fatal,
 * runaway While loops and recursion — and the run-time Load and LoadTable; then the same on QEMU's own pc and q35
 * DSDTs and its NVDIMM SSDT. {@link ToleranceTest} runs each on the reference guest's interpreter,
 * {@link ToleranceOracleTest} on acpiexec.
 */
final class ToleranceCases {
    private static final String DSDT = "DSDT";
    private static final String SSDT = "SSDT";
    /** The While timeout of the suite's runaway loops, both sides. */
    private static final int LOOP = 1;
    /** The timeout of cases whose loops end: long enough never to fire on a loaded machine. */
    private static final int NO_LOOP = 30;

    private final List<ToleranceCase> cases = new ArrayList<>();
    private final Path dir;

    private ToleranceCases(Path dir) {
        this.dir = dir;
    }

    /** Every case; {@code dir} is where iasl compiles (the tables a Load case embeds are compiled first). */
    static List<ToleranceCase> all(Path dir) throws IOException, InterruptedException {
        ToleranceCases c = new ToleranceCases(dir);
        c.loadTime();
        c.regions();
        c.fatal();
        c.runaway();
        c.load();
        c.loadTable();
        c.qemuTables();
        return c.cases;
    }

    // ---- building cases -------------------------------------------------------------------------------------

    private CaseBuilder add(String name, Table... tables) {
        return new CaseBuilder(name, List.of(tables));
    }

    private static Table dsdt(String body) {
        return block(DSDT, "TOLERATE", body);
    }

    private final class CaseBuilder {
        final String name;
        final List<Table> tables;
        List<String> before = List.of();
        int loopSeconds = NO_LOOP;
        boolean pciOnes;
        int fatals;
        String acpiGives;
        String acpiWhy;

        CaseBuilder(String name, List<Table> tables) {
            this.name = name;
            this.tables = tables;
        }

        CaseBuilder before(String... methods) {
            before = List.of(methods);
            return this;
        }

        CaseBuilder loopSeconds(int s) {
            loopSeconds = s;
            return this;
        }

        CaseBuilder pciOnes() {
            pciOnes = true;
            return this;
        }

        CaseBuilder fatals(int n) {
            fatals = n;
            return this;
        }

        /** acpiexec's outcome and why it is not the interpreter's. */
        CaseBuilder acpiexec(String gives, String why) {
            acpiGives = gives;
            acpiWhy = why;
            return this;
        }

        void gives(String expected) {
            cases.add(new ToleranceCase(name, tables, before, loopSeconds, pciOnes, expected, fatals, acpiGives,
                    acpiWhy));
        }
    }

    // ---- a table's load goes on past what it cannot load (ACPI 6.4 §5.4; ACPICA skips the term) ------------

    private void loadTime() {
        add("a duplicate Name is skipped, the first one stays and the rest of the table loads", dsdt("""
                Name (ABCD, 1)
                Name (ABCD, 2)
                Name (EFGH, 3)
                Method (MAIN) { Return (ABCD + EFGH) }
                """)).gives("int 0x4 ! AE_ALREADY_EXISTS");
        add("a duplicate Device is skipped with everything in it", dsdt("""
                Device (DEV0) { Name (AAAA, 1) }
                Device (DEV0) { Name (AAAA, 2) Name (BBBB, 3) }
                Name (CCCC, 4)
                Method (MAIN) {
                    Local0 = Package (3) {}
                    Local0[0] = \\DEV0.AAAA
                    Local0[1] = CondRefOf (\\DEV0.BBBB)
                    Local0[2] = CCCC
                    Return (Local0)
                }
                """)).gives("pkg [ int 0x1, int 0x0, int 0x4 ] ! AE_ALREADY_EXISTS");
        add("a duplicate Method is skipped: calls reach the first", dsdt("""
                Method (MTH0) { Return (10) }
                Method (MTH0) { Return (20) }
                Method (MAIN) { Return (MTH0 ()) }
                """)).gives("int 0xa ! AE_ALREADY_EXISTS");
        add("a Scope to a path that does not exist is skipped with what is in it", dsdt("""
                External (\\NOPE, DeviceObj)
                Scope (\\NOPE) { Name (CCCC, 4) }
                Name (DDDD, 5)
                Method (MAIN) {
                    Local0 = Package (2) {}
                    Local0[0] = CondRefOf (\\CCCC)
                    Local0[1] = DDDD
                    Return (Local0)
                }
                """)).gives("pkg [ int 0x0, int 0x5 ] ! AE_NOT_FOUND");
        add("an SSDT's Scope to a Device no table declares is skipped, the SSDT's other terms load", dsdt("""
                Name (DDDD, 5)
                Method (MAIN) {
                    Local0 = Package (3) {}
                    Local0[0] = CondRefOf (\\EEEE)
                    Local0[1] = CondRefOf (\\_SB.NOPE)
                    Local0[2] = DDDD
                    Return (Local0)
                }
                """), block(SSDT, "SCOPENOT", """
                External (\\_SB.NOPE, DeviceObj)
                Scope (\\_SB.NOPE) { Name (CCCC, 4) Method (_STA) { Return (0x0F) } }
                Name (\\EEEE, 6)
                """)).gives("pkg [ int 0xffffffffffffffff, int 0x0, int 0x5 ] ! AE_NOT_FOUND");
        add("an SSDT's name that the DSDT has already is skipped, the DSDT's stays", dsdt("""
                Name (ABCD, 1)
                Method (MAIN) {
                    Local0 = Package (2) {}
                    Local0[0] = ABCD
                    Local0[1] = CondRefOf (\\GGGG)
                    Return (Local0)
                }
                """), block(SSDT, "DUPLICAT", """
                Name (\\ABCD, 2)
                Name (\\GGGG, 7)
                """)).gives("pkg [ int 0x1, int 0xffffffffffffffff ] ! AE_ALREADY_EXISTS");
        add("after a skipped Device, a relative Scope is still resolved from the table's own scope", dsdt("""
                Scope (_SB) { Device (PCI0) { Name (AAAA, 1) } }
                Method (MAIN) {
                    Local0 = Package (4) {}
                    Local0[0] = CondRefOf (\\_SB.PCI0.NEWN)
                    Local0[1] = CondRefOf (\\AFTR)
                    Local0[2] = CondRefOf (\\_SB.AFTR)
                    Local0[3] = CondRefOf (\\_SB.PCI0.NEW2)
                    Return (Local0)
                }
                """), block(SSDT, "RESCOPE", """
                Scope (_SB) { Device (PCI0) { Name (AAAA, 2) } }
                Scope (_SB.PCI0) { Name (NEWN, 1) }
                Name (AFTR, 2)
                Scope (\\_SB.PCI0) { Name (NEW2, 1) }
                """)).acpiexec("pkg [ int 0x0, int 0xffffffffffffffff, int 0x0, int 0xffffffffffffffff ] !"
                        + " AE_ALREADY_EXISTS AE_NOT_FOUND",
                        "after skipping a Device inside Scope (_SB), ACPICA resolves the next term's relative path"
                        + " from \\_SB (\\_SB._SB.PCI0, not found) and skips that Scope; the interpreter resolves it"
                        + " from the table's scope, as the spec has it")
                .gives("pkg [ int 0xffffffffffffffff, int 0xffffffffffffffff, int 0x0, int 0xffffffffffffffff ] !"
                        + " AE_ALREADY_EXISTS");
        add("a Name and a Device under a path that does not exist are skipped", dsdt("""
                External (\\NOPE, DeviceObj)
                Name (\\NOPE.XXXX, 1)
                Device (\\NOPE.DEV1) { Name (YYYY, 2) }
                Name (ZZZZ, 3)
                Method (MAIN) { Return (ZZZZ) }
                """)).gives("int 0x3 ! AE_NOT_FOUND*2");
        add("module-level code: a failing statement is skipped and the next one in the same If runs", dsdt("""
                Name (ABCD, 1)
                Name (ZRO0, 0)
                If (1) { Name (ABCD, 2) Name (EEEE, 7) }
                If (1) { Local0 = 1 / ZRO0  Name (GGGG, 9) }
                Method (MAIN) {
                    Local0 = Package (3) {}
                    Local0[0] = ABCD
                    Local0[1] = EEEE
                    Local0[2] = GGGG
                    Return (Local0)
                }
                """)).gives("pkg [ int 0x1, int 0x7, int 0x9 ] ! AE_ALREADY_EXISTS AE_AML_DIVIDE_BY_ZERO");
        add("module-level code: a failing top-level store is skipped, a While goes on past its failing statement",
                dsdt("""
                Name (CNT0, 0)
                Name (ZRO0, 0)
                CNT0 = 1 / ZRO0
                While (CNT0 < 0x100) { CNT0 += 0x100  Local0 = 1 / ZRO0  CNT0 += 0x1000 }
                Name (AFTR, 1)
                Method (MAIN) { Return (CNT0 + AFTR) }
                """)).gives("int 0x1101 ! AE_AML_DIVIDE_BY_ZERO*2");
        add("module-level code: an If whose predicate fails is skipped whole", dsdt("""
                Name (ZRO0, 0)
                If (1 / ZRO0) { Name (GGG4, 4) } Else { Name (GGG5, 5) }
                Name (AFTR, 1)
                Method (MAIN) {
                    Local0 = Package (3) {}
                    Local0[0] = CondRefOf (GGG4)
                    Local0[1] = CondRefOf (GGG5)
                    Local0[2] = AFTR
                    Return (Local0)
                }
                """)).acpiexec("pkg [ int 0xffffffffffffffff, int 0x0, int 0x1 ] ! AE_AML_DIVIDE_BY_ZERO",
                        "ACPICA skips only the failing Divide and then runs the If's body as if the predicate were"
                        + " true; the interpreter skips the If, whose predicate has no value")
                .gives("pkg [ int 0x0, int 0x0, int 0x1 ] ! AE_AML_DIVIDE_BY_ZERO");
        add("module-level code: a call of a failing method is skipped like any failing statement", dsdt("""
                Name (ZRO0, 0)
                Name (CNT0, 0)
                Method (FAIL) { CNT0++  Local0 = 1 / ZRO0  CNT0 += 0x10 }
                If (1) { FAIL ()  Name (GGG6, 6) }
                Method (MAIN) { Return (CNT0 + GGG6) }
                """)).acpiexec("error AE_NOT_FOUND ! AE_AML_DIVIDE_BY_ZERO",
                        "acpiexec 20200925 fails the whole table then, with internal errors (Invalid zero thread count,"
                        + " Invalid OwnerId 0x000), so \\MAIN is gone (ACPICA's dispatcher is the same there in"
                        + " 20221020, Linux 6.1's); the interpreter skips the call as any failing module-level statement")
                .gives("int 0x7 ! AE_AML_DIVIDE_BY_ZERO");
        add("a field unit whose name exists is skipped, the field's other units are made", dsdt("""
                OperationRegion (OPR0, SystemMemory, 0x1000, 0x10)
                Field (OPR0, ByteAcc, NoLock, Preserve) { AAAA, 8, FFFF, 8 }
                Field (OPR0, ByteAcc, NoLock, Preserve) { Offset (4), FFFF, 8, JJJJ, 8 }
                Method (MAIN) {
                    AAAA = 0x11  FFFF = 0x22  JJJJ = 0x33
                    Local0 = Package (2) {}
                    Local0[0] = FFFF
                    Local0[1] = JJJJ
                    Return (Local0)
                }
                """)).acpiexec("pkg [ int 0x22, int 0x33 ] !",
                        "ACPICA makes field units in its first load pass and says nothing of one whose name exists")
                .gives("pkg [ int 0x22, int 0x33 ] ! AE_ALREADY_EXISTS");
    }

    // ---- regions in an address space with no handler ------------------------------------------------------

    private void regions() {
        String pci = """
                OperationRegion (PCFG, PCI_Config, 0x40, 0x100)
                Field (PCFG, ByteAcc, NoLock, Preserve) { VEND, 16, DEVI, 16, Offset (0x10), NIBL, 4, BITS, 3 }
                Field (PCFG, DWordAcc, NoLock, Preserve) { Offset (0x20), DWRD, 32 }
                """;
        add("PCI_Config with no PCI function: every field reads all ones", dsdt(pci + """
                Method (MAIN) {
                    Local0 = Package (5) {}
                    Local0[0] = VEND
                    Local0[1] = DEVI
                    Local0[2] = NIBL
                    Local0[3] = BITS
                    Local0[4] = DWRD
                    Return (Local0)
                }
                """)).pciOnes().gives("pkg [ int 0xffff, int 0xffff, int 0xf, int 0x7, int 0xffffffff ] !");
        add("PCI_Config with no PCI function: a write goes nowhere", dsdt(pci + """
                Method (MAIN) { DWRD = 0x12345678  NIBL = 3  Return (DWRD + NIBL) }
                """)).pciOnes().acpiexec("int 0x1234567b !",
                        "acpiexec simulates PCI_Config as memory, which keeps what is written; with no function at"
                        + " the address a write is dropped and the next read is all ones again")
                .gives("int 0x10000000e !");
        add("EmbeddedControl with no EC: the access fails with AE_NOT_EXIST, as ACPICA has no handler then", dsdt("""
                OperationRegion (ECR0, EmbeddedControl, 0, 0x100)
                Field (ECR0, ByteAcc, NoLock, Preserve) { ECB0, 8 }
                Name (ECON, 0)
                Method (MAIN) { Return (ECB0) }
                """)).acpiexec("int 0x0 !",
                        "acpiexec installs a simulating handler for EmbeddedControl; Linux has none without an EC"
                        + " device, and ACPICA then fails as for the user-defined space below")
                .gives("error AE_NOT_EXIST ! AE_NOT_EXIST");
        add("SystemCMOS with no handler: AE_NOT_EXIST", dsdt("""
                OperationRegion (CMOS, SystemCMOS, 0, 0x80)
                Field (CMOS, ByteAcc, NoLock, Preserve) { CMB0, 8 }
                Method (MAIN) { Return (CMB0) }
                """)).acpiexec("int 0x0 !",
                        "acpiexec installs a simulating handler for SystemCMOS; Linux installs none unless its RTC"
                        + " driver claims the CMOS device")
                .gives("error AE_NOT_EXIST ! AE_NOT_EXIST");
        add("a user-defined address space with no handler: AE_NOT_EXIST, and the method ends", dsdt("""
                OperationRegion (OEMR, 0xA0, 0, 0x10)
                Field (OEMR, ByteAcc, NoLock, Preserve) { OEB0, 8 }
                Name (CNT0, 0)
                Method (MAIN) { CNT0++  OEB0 = 1  CNT0++  Return (CNT0) }
                """)).gives("error AE_NOT_EXIST ! AE_NOT_EXIST");
        add("a method that guards its EC access by _REG's flag runs without an EC", dsdt("""
                OperationRegion (ECR0, EmbeddedControl, 0, 0x100)
                Field (ECR0, ByteAcc, NoLock, Preserve) { ECB0, 8 }
                Name (ECON, 0)
                Method (_REG, 2) { If (Arg0 == 3) { ECON = Arg1 } }
                Method (MAIN) { If (ECON) { Return (ECB0) } Return (0x55) }
                """)).gives("int 0x55 !");
    }

    // ---- Fatal (ACPI 6.4 §19.6, Fatal): reported, and the method goes on (ACPICA up to 2025) ----------------

    private void fatal() {
        add("Fatal in a method is reported and the method goes on", dsdt("""
                Name (CNT0, 0)
                Method (MAIN) { CNT0++  Fatal (1, 2, 3)  CNT0++  Return (CNT0) }
                """)).fatals(1).gives("int 0x2 !");
        add("Fatal in a table's module-level code is reported and the load goes on", dsdt("""
                Fatal (0xA0, 0x12345678, 9)
                Name (AFTR, 1)
                Method (MAIN) { Return (AFTR) }
                """)).fatals(1).gives("int 0x1 !");
    }

    // ---- runaway While and recursion: cut off, control back to the caller with an error -------------------

    private void runaway() {
        add("a runaway While is stopped at the loop timeout and its callers end with AE_AML_LOOP_TIMEOUT", dsdt("""
                Name (CNT0, 0)
                Method (SPIN) { While (1) { CNT0++ } Return (1) }
                Method (MAIN) { Local0 = SPIN ()  Return (Local0 + 0x100) }
                """)).loopSeconds(LOOP).gives("error AE_AML_LOOP_TIMEOUT ! AE_AML_LOOP_TIMEOUT");
        add("a Serialized method stopped in a runaway While can be called again, and others run", dsdt("""
                Name (CNT0, 0)
                Method (SPIN, 0, Serialized) { While (1) { CNT0++ } }
                Method (MAIN) { Return (5) }
                """)).loopSeconds(LOOP).before("\\SPIN", "\\SPIN")
                .gives("int 0x5 ! AE_AML_LOOP_TIMEOUT*2");
        add("a runaway While in module-level code is skipped and the table loads on", dsdt("""
                Name (CNT0, 0)
                While (1) { CNT0++ }
                Name (AFTR, 1)
                Method (MAIN) { Return (AFTR) }
                """)).loopSeconds(LOOP).gives("int 0x1 ! AE_AML_LOOP_TIMEOUT");
        String deep = """
                Name (DEEP, 0)
                Method (MAIN) { Return (DEEP) }
                """;
        add("a method recursing into itself stops at 255 invocations, ACPICA's limit", dsdt(deep + """
                Method (RECS, 1) { If (Arg0 > DEEP) { DEEP = Arg0 } RECS (Arg0 + 1) }
                Method (STRT) { RECS (1) }
                """)).before("\\STRT").gives("int 0xff ! AE_AML_METHOD_LIMIT");
        add("two methods recursing into each other stop at 255 invocations each", dsdt(deep + """
                Method (RECA, 1) { If (Arg0 > DEEP) { DEEP = Arg0 } RECB (Arg0 + 1) }
                Method (RECB, 1) { If (Arg0 > DEEP) { DEEP = Arg0 } RECA (Arg0 + 1) }
                Method (STRT) { RECA (1) }
                """)).before("\\STRT").gives("int 0x1fe ! AE_AML_METHOD_LIMIT");
        add("four methods recursing in a ring stop at the interpreter's call depth limit", dsdt(deep + """
                Method (M000, 1) { If (Arg0 > DEEP) { DEEP = Arg0 } M001 (Arg0 + 1) }
                Method (M001, 1) { If (Arg0 > DEEP) { DEEP = Arg0 } M002 (Arg0 + 1) }
                Method (M002, 1) { If (Arg0 > DEEP) { DEEP = Arg0 } M003 (Arg0 + 1) }
                Method (M003, 1) { If (Arg0 > DEEP) { DEEP = Arg0 } M000 (Arg0 + 1) }
                Method (STRT) { M000 (1) }
                """)).before("\\STRT").acpiexec("int 0x3fc ! AE_AML_METHOD_LIMIT",
                        "ACPICA has only its per-method limit (4 x 255 here), its calls not being nested on the C"
                        + " stack; the interpreter's also limits all nesting (512 calls by default), as its calls are"
                        + " nested on the Java stack")
                .gives("int 0x200 ! AE_AML_METHOD_LIMIT");
    }

    // ---- Load (ACPI 6.4 §19.6, Load) -----------------------------------------------------------------------

    /** The SSDT the Load cases load: a name, a duplicate of the DSDT's ABCD, a Device with a method, and code. */
    private static final String LOADED = """
            External (\\CNT0, IntObj)
            Name (\\LDX0, 0x42)
            Name (\\ABCD, 0x99)
            Device (\\_SB.LDV0) { Name (_HID, "ACPI0012") Method (GET) { Return (0x77) } }
            CNT0 += 1
            """;

    private static String loadDsdt(byte[] ssdt, String more) {
        return """
                External (\\_SB.LDV0.GET, MethodObj)
                Name (CNT0, 0)
                Name (ABCD, 1)
                Name (TBL0, Buffer () {
                        %s
                })
                OperationRegion (TBLR, SystemMemory, 0x8000, 0x%X)
                Field (TBLR, AnyAcc, NoLock, Preserve) { TBLF, %d }
                Method (LOOK) {
                    Local0 = Package (4) {}
                    Local0[0] = CNT0
                    Local0[1] = ABCD
                    Local0[2] = CondRefOf (\\LDX0)
                    Local0[3] = \\_SB.LDV0.GET ()
                    Return (Local0)
                }
                %s
                """.formatted(bufferList(ssdt), ssdt.length, ssdt.length * 8, more);
    }

    private void load() throws IOException, InterruptedException {
        byte[] ssdt = block(SSDT, "LOADTEST", LOADED).bytes(dir);
        String loaded = "pkg [ int 0x1, int 0x1, int 0xffffffffffffffff, int 0x77 ] ! AE_ALREADY_EXISTS";
        add("Load from a Buffer: the table's objects are there and its code ran, its duplicate name skipped",
                dsdt(loadDsdt(ssdt, "Method (MAIN) { Load (TBL0, Local1)  Return (LOOK ()) }")))
                .gives(loaded);
        add("Load from an OperationRegion in SystemMemory",
                dsdt(loadDsdt(ssdt, "Method (MAIN) { TBLF = TBL0  Load (TBLR, Local1)  Return (LOOK ()) }")))
                .gives(loaded);
        add("Load from a field",
                dsdt(loadDsdt(ssdt, "Method (MAIN) { TBLF = TBL0  Load (TBLF, Local1)  Return (LOOK ()) }")))
                .gives(loaded);
        add("Load in module-level code", dsdt(loadDsdt(ssdt, """
                Load (TBL0, Local1)
                Method (MAIN) { Return (LOOK ()) }
                """))).gives(loaded);
        add("Load stores Ones in its target (ACPI 6.4)",
                dsdt(loadDsdt(ssdt, "Method (MAIN) { Load (TBL0, Local1)  Return (ObjectType (Local1)) }")))
                .acpiexec("int 0xf ! AE_ALREADY_EXISTS",
                        "acpiexec 20200925 predates ACPICA's ACPI 6.4 Load (20220331, in Linux since 5.19): it stores"
                        + " a DDBHandle; Linux 6.1 stores the Integer Ones")
                .gives("int 0x1 ! AE_ALREADY_EXISTS");
        add("Load of a table already loaded fails with AE_ALREADY_EXISTS",
                dsdt(loadDsdt(ssdt, "Method (MAIN) { Load (TBL0, Local1)  Load (TBL0, Local1)  Return (1) }")))
                .gives("error AE_ALREADY_EXISTS ! AE_ALREADY_EXISTS*2");
        byte[] badChecksum = ssdt.clone();
        badChecksum[AcpiTableHeader.CHECKSUM] ^= 0x55;
        add("Load of a table whose checksum is wrong fails with AE_BAD_CHECKSUM",
                dsdt(loadDsdt(badChecksum, "Method (MAIN) { Load (TBL0, Local1)  Return (1) }")))
                .gives("error AE_BAD_CHECKSUM ! AE_BAD_CHECKSUM");
        add("Load takes any signature, as ACPICA does",
                dsdt(loadDsdt(ToleranceCase.withSignature(ssdt, "OEM2"),
                        "Method (MAIN) { Load (TBL0, Local1)  Return (LOOK ()) }")))
                .gives(loaded);
        byte[] tooLong = ssdt.clone();
        ByteBuffer.wrap(tooLong).order(ByteOrder.LITTLE_ENDIAN).putInt(AcpiTableHeader.LENGTH, ssdt.length + 10);
        add("Load of a table longer than its Buffer fails with AE_AML_BUFFER_LIMIT",
                dsdt(loadDsdt(ToleranceCase.withChecksum(tooLong), "Method (MAIN) { Load (TBL0, Local1)  Return (1) }")))
                .gives("error AE_AML_BUFFER_LIMIT ! AE_AML_BUFFER_LIMIT");
        add("Load of a Buffer shorter than a table header fails with AE_INVALID_TABLE_LENGTH", dsdt("""
                Name (TSHT, Buffer (20) { 0x53, 0x53, 0x44, 0x54 })
                Method (MAIN) { Load (TSHT, Local1)  Return (1) }
                """)).gives("error AE_INVALID_TABLE_LENGTH ! AE_INVALID_TABLE_LENGTH");
        add("Load from a SystemIO region fails with AE_AML_OPERAND_TYPE", dsdt("""
                OperationRegion (TBLI, SystemIO, 0x800, 0x200)
                Method (MAIN) { Load (TBLI, Local1)  Return (1) }
                """)).gives("error AE_AML_OPERAND_TYPE ! AE_AML_OPERAND_TYPE");
        add("Load from an Integer fails with AE_AML_OPERAND_TYPE", dsdt("""
                Name (INT5, 5)
                Method (MAIN) { Load (INT5, Local1)  Return (1) }
                """)).gives("error AE_AML_OPERAND_TYPE ! AE_AML_OPERAND_TYPE");
        add("Unload: no DDBHandle exists since ACPI 6.4, so it fails with AE_AML_OPERAND_TYPE",
                dsdt(loadDsdt(ssdt, "Method (MAIN) { Load (TBL0, Local1)  Unload (Local1)  Return (LOOK ()) }")))
                .acpiexec("error AE_NOT_FOUND ! AE_ALREADY_EXISTS AE_NOT_FOUND",
                        "acpiexec 20200925's Load gives a DDBHandle and its Unload removes the table's objects (then"
                        + " \\_SB.LDV0.GET is not found); since ACPI 6.4 (ACPICA 20220331, Linux 5.19) there is no"
                        + " handle to unload")
                .gives("error AE_AML_OPERAND_TYPE ! AE_ALREADY_EXISTS AE_AML_OPERAND_TYPE");
    }

    // ---- LoadTable (ACPI 6.4 §19.6, LoadTable) -------------------------------------------------------------

    private void loadTable() {
        Table oem1 = block("OEM1", "OEMTABLE", """
                External (\\CNT0, IntObj)
                Name (LTX0, 0x43)
                Name (PARM, 0)
                CNT0 += 0x10
                """);
        String dsdtHead = """
                Name (CNT0, 0)
                Name (PARM, 0)
                """;
        add("LoadTable loads a table the firmware lists but did not load", dsdt(dsdtHead + """
                Method (MAIN) {
                    Local1 = LoadTable ("OEM1", "VNVDMM", "OEMTABLE")
                    Local0 = Package (2) {}
                    Local0[0] = CondRefOf (\\LTX0)
                    Local0[1] = CNT0
                    Return (Local0)
                }
                """), oem1).gives("pkg [ int 0xffffffffffffffff, int 0x10 ] ! AE_ALREADY_EXISTS");
        add("LoadTable evaluates to Ones when the table loaded (ACPI 6.4)", dsdt(dsdtHead + """
                Method (MAIN) { Return (LoadTable ("OEM1", "", "")) }
                """), oem1).acpiexec("error AE_TYPE ! AE_ALREADY_EXISTS",
                        "acpiexec 20200925 predates ACPICA's ACPI 6.4 LoadTable (20220331): it returns a DDBHandle,"
                        + " which evaluate cannot print; Linux 6.1 returns Ones")
                .gives("int 0xffffffffffffffff ! AE_ALREADY_EXISTS");
        add("LoadTable of a table that is not there evaluates to Zero", dsdt(dsdtHead + """
                Method (MAIN) { Return (LoadTable ("OEM1", "VNVDMM", "NOTTHERE")) }
                """), oem1).gives("int 0x0 !");
        add("LoadTable of the DSDT, which is loaded, fails with AE_ALREADY_EXISTS", dsdt(dsdtHead + """
                Method (MAIN) { Return (LoadTable ("DSDT", "", "")) }
                """), oem1).gives("error AE_ALREADY_EXISTS ! AE_ALREADY_EXISTS");
        add("LoadTable with RootPath and ParameterPath: names under the root path, the parameter stored first-found",
                dsdt(dsdtHead + """
                Method (MAIN) {
                    Local1 = LoadTable ("OEM1", "", "", "\\\\_SB", "PARM", 0x77)
                    Local0 = Package (3) {}
                    Local0[0] = PARM
                    Local0[1] = CondRefOf (\\_SB.LTX0)
                    Local0[2] = CondRefOf (\\LTX0)
                    Return (Local0)
                }
                """), oem1).gives("pkg [ int 0x77, int 0xffffffffffffffff, int 0x0 ] !");
        add("LoadTable whose parameter cannot be stored takes the table out again", dsdt(dsdtHead + """
                Mutex (MTX0, 0)
                Method (LDTB) { Return (LoadTable ("OEM1", "", "", "\\\\_SB", "\\\\MTX0", 0x77)) }
                Method (MAIN) {
                    Local0 = Package (2) {}
                    Local0[0] = CondRefOf (\\_SB.LTX0)
                    Local0[1] = CNT0
                    Return (Local0)
                }
                """), oem1).before("\\LDTB").gives("pkg [ int 0x0, int 0x10 ] ! AE_AML_TARGET_TYPE");
        add("LoadTable with a RootPath that does not exist fails with AE_NOT_FOUND", dsdt(dsdtHead + """
                Method (MAIN) { Return (LoadTable ("OEM1", "", "", "\\\\NOPE")) }
                """), oem1).gives("error AE_NOT_FOUND ! AE_NOT_FOUND");
        add("LoadTable with an OEM ID longer than 6 characters fails with AE_AML_STRING_LIMIT", dsdt(dsdtHead + """
                Method (MAIN) { Return (LoadTable ("OEM1", "VNVDMMXX", "")) }
                """), oem1).gives("error AE_AML_STRING_LIMIT ! AE_AML_STRING_LIMIT");
    }

    // ---- QEMU's own tables (the golden pc and q35 DSDTs and NVDIMM SSDT of QEMU 7.2) -------------------------

    private void qemuTables() throws IOException, InterruptedException {
        String golden = "/golden/qemu-7.2-dimmpxm/";
        for (String machine : List.of("pc", "q35")) {
            String dsdtFile = golden + machine + "/DSDT.dimmpxm";
            add("QEMU's " + machine + " DSDT loaded a second time, as an SSDT: every object is there already and"
                    + " each is skipped; the namespace is the first load's",
                    new Golden(dsdtFile, null), new Golden(dsdtFile, SSDT), block(SSDT, "QEMUMAIN", """
                    External (\\_SB.PCI0, DeviceObj)
                    External (\\_SB.PCI0._HID, IntObj)
                    External (\\_SB.LNKA._UID, IntObj)
                    Method (MAIN) {
                        Local0 = Package (3) {}
                        Local0[0] = \\_SB.PCI0._HID
                        Local0[1] = \\_SB.LNKA._UID
                        Local0[2] = ObjectType (\\_SB.PCI0)
                        Return (Local0)
                    }
                    """)).acpiexec(machine.equals("pc")
                            ? "pkg [ int 0x30ad041, int 0x0, int 0x6 ] ! AE_ALREADY_EXISTS*3 AE_NOT_FOUND AE_ALREADY_EXISTS*59"
                            : "pkg [ int 0x80ad041, int 0x0, int 0x6 ] ! AE_ALREADY_EXISTS*4 AE_NOT_FOUND AE_ALREADY_EXISTS*44",
                            "the same namespace, fewer reports: ACPICA says nothing of a field unit that exists, and"
                            + " resolves the Scope (_SB.PCI0) right after the skipped Device (PCI0) from inside \\_SB,"
                            + " so skips it whole (AE_NOT_FOUND) where the interpreter meets each object in it")
                    .gives(machine.equals("pc")
                            ? "pkg [ int 0x30ad041, int 0x0, int 0x6 ] ! AE_ALREADY_EXISTS*76"
                            : "pkg [ int 0x80ad041, int 0x0, int 0x6 ] ! AE_ALREADY_EXISTS*62");
            String link = machine.equals("pc") ? "PRQ0" : "PRQA";
            add("QEMU's " + machine + " DSDT: the PCI interrupt links read their routing register (" + link
                    + ", PCI_Config) as all ones: disabled (_STA 0x9)", new Golden(dsdtFile, null),
                    block(SSDT, "QEMUPIRQ", """
                    External (\\_SB.LNKA._STA, MethodObj)
                    External (\\_SB.LNKA._CRS, MethodObj)
                    External (\\_SB.LNKD._STA, MethodObj)
                    Method (MAIN) {
                        Local0 = Package (3) {}
                        Local0[0] = \\_SB.LNKA._STA ()
                        Local0[1] = \\_SB.LNKA._CRS ()
                        Local0[2] = \\_SB.LNKD._STA ()
                        Return (Local0)
                    }
                    """)).pciOnes().gives(machine.equals("pc")
                            // pc's IQCR leaves the IRQ 0 for a routing register of 0x80 and up; q35's keeps its low nibble
                            ? "pkg [ int 0x9, buf 8906000901000000007900, int 0x9 ] !"
                            : "pkg [ int 0x9, buf 89060009010f0000007900, int 0x9 ] !");
        }
        byte[] nvdimm = ToleranceCase.read(golden + "pc/SSDT.dimmpxm");
        String look = """
                Method (LOOK) {
                    Local0 = Package (3) {}
                    Local0[0] = CondRefOf (\\_SB.NVDR)
                    Local0[1] = ObjectType (\\_SB.NVDR.NV00._DSM)
                    Local0[2] = ObjectType (\\_SB.NVDR.NCAL)
                    Return (Local0)
                }
                """;
        String nvdimmLoaded = "pkg [ int 0xffffffffffffffff, int 0x8, int 0x8 ] !";
        add("QEMU's NVDIMM SSDT loaded by Load from a Buffer", dsdt("""
                Name (TBL0, Buffer () {
                        %s
                })
                %s
                Method (MAIN) { Load (TBL0, Local1)  Return (LOOK ()) }
                """.formatted(bufferList(nvdimm), look))).gives(nvdimmLoaded);
        add("QEMU's NVDIMM SSDT loaded by Load from a SystemMemory region", dsdt("""
                Name (TBL0, Buffer () {
                        %s
                })
                OperationRegion (TBLR, SystemMemory, 0x8000, 0x%X)
                Field (TBLR, AnyAcc, NoLock, Preserve) { TBLF, %d }
                %s
                Method (MAIN) { TBLF = TBL0  Load (TBLR, Local1)  Return (LOOK ()) }
                """.formatted(bufferList(nvdimm), nvdimm.length, nvdimm.length * 8, look))).gives(nvdimmLoaded);
        add("QEMU's NVDIMM SSDT, loaded at boot, then by Load again: AE_ALREADY_EXISTS", dsdt("""
                Name (TBL0, Buffer () {
                        %s
                })
                Method (MAIN) { Load (TBL0, Local1)  Return (1) }
                """.formatted(bufferList(nvdimm))), new Golden(golden + "pc/SSDT.dimmpxm", null))
                .gives("error AE_ALREADY_EXISTS ! AE_ALREADY_EXISTS");
    }
}
