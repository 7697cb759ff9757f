package dev.vnvdimm.guest.aml;

import dev.vnvdimm.abi.acpi.AcpiTableHeader;
import dev.vnvdimm.abi.acpi.Facs;
import dev.vnvdimm.abi.acpi.Fadt;
import dev.vnvdimm.abi.acpi.Rsdp;
import dev.vnvdimm.abi.acpi.SystemDescriptionTable;
import dev.vnvdimm.guest.aml.runtime.AmlException;
import dev.vnvdimm.guest.aml.runtime.AmlInteger;
import dev.vnvdimm.guest.aml.runtime.AmlOptions;
import dev.vnvdimm.guest.aml.runtime.AmlWarning;
import dev.vnvdimm.guest.aml.runtime.Interpreter;
import dev.vnvdimm.guest.aml.runtime.NamespaceNode;
import dev.vnvdimm.guest.kernel.AcpiBoot;
import dev.vnvdimm.guest.kernel.KernelLog;
import dev.vnvdimm.guest.platform.FlatMemoryPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the interpreter says when it goes past imperfect AML, and what it leaves behind: each skipped term's warning
 * names the object, the opcode and where it is; a table that cannot be decoded leaves no object; the warnings kept
 * are bounded; and the guest's boot puts them, and a failed table, in its kernel log and boots on.
 */
class LoadWarningsTest {
    @TempDir
    Path dir;

    private byte[] dsdt(String body) throws Exception {
        return CompiledAsl.compile(dir, ToleranceCase.block("DSDT", "WARNINGS", body).source(),
                CompiledAsl.FORCED_FLAGS);
    }

    @Test
    void aSkippedTermsWarningNamesTheObjectTheOpcodeAndTheTableOffset() throws Exception {
        AmlInterpreter ip = new AmlInterpreter(new FlatMemoryPlatform(4096));
        ip.load(dsdt("""
                Name (ABCD, 1)
                Name (ABCD, 2)
                External (\\NOPE, DeviceObj)
                Scope (\\NOPE) { Name (CCCC, 4) }
                """));

        assertThat(ip.warnings()).extracting(AmlWarning::kind).containsOnly(AmlWarning.Kind.TERM_SKIPPED);
        assertThat(ip.warnings()).extracting(AmlWarning::message).satisfiesExactly(
                dup -> assertThat(dup).contains("AE_ALREADY_EXISTS", "ABCD", "NAME_OP at DSDT(WARNINGS)+0x")
                        .endsWith("; skipped"),
                scope -> assertThat(scope).contains("AE_NOT_FOUND", "Scope(", "NOPE", "SCOPE_OP at DSDT(WARNINGS)+0x"));
        assertThat(ip.evaluate("\\ABCD")).isEqualTo(AmlInteger.ONE);
    }

    @Test
    void aTableThatCannotBeDecodedLeavesNoneOfItsObjectsAndTheNextTableLoads() throws Exception {
        AmlInterpreter ip = new AmlInterpreter(new FlatMemoryPlatform(4096));
        ip.load(dsdt("Name (DSDN, 1)"));
        // Name (\FRST, 1)  Device (\DEV1) { Name (INNR, 2) }  then an opcode that does not exist
        byte[] body = {
            0x08, 0x5C, 'F', 'R', 'S', 'T', 0x01,
            0x5B, (byte) 0x82, 0x0D, 0x5C, 'D', 'E', 'V', '1', 0x08, 'I', 'N', 'N', 'R', 0x0A, 0x02,
            UNASSIGNED_OPCODE,
        };
        byte[] broken = ssdt(body);

        assertThatThrownBy(() -> ip.load(broken)).isInstanceOfSatisfying(AmlException.class,
                e -> assertThat(e.status()).isEqualTo("AE_AML_BAD_OPCODE"));
        assertThat(ip.namespace().find("\\FRST")).isNull();
        assertThat(ip.namespace().find("\\DEV1")).isNull();
        assertThat(ip.namespace().find("\\DSDN")).isNotNull();

        ip.load(ssdt(new byte[] {0x08, 0x5C, 'N', 'E', 'X', 'T', 0x01}));
        assertThat(ip.evaluate("\\NEXT")).isEqualTo(AmlInteger.ONE);
    }

    /** A byte no AML opcode begins with (ACPI 6.4 §20.3). */
    private static final byte UNASSIGNED_OPCODE = 0x03;

    private static byte[] ssdt(byte[] body) {
        byte[] t = new byte[AcpiTableHeader.SIZE + body.length];
        System.arraycopy(body, 0, t, AcpiTableHeader.SIZE, body.length);
        return AcpiTableHeader.qemu("SSDT", 2).withOemTableId("BROKEN").seal(t);
    }

    @Test
    void theWarningsKeptAreBoundedWhileTheSinkSeesEveryOne() throws Exception {
        List<AmlWarning> sink = new ArrayList<>();
        AmlInterpreter ip = new AmlInterpreter(new FlatMemoryPlatform(4096),
                AmlOptions.defaults().withWarningSink(sink::add));
        ip.load(dsdt("""
                Method (MAIN) { Local0 = 0  While (Local0 < 3000) { Fatal (1, 2, Local0)  Local0++ } Return (Local0) }
                """));

        assertThat(ip.evaluate("\\MAIN")).isEqualTo(AmlInteger.of(3000));
        assertThat(sink).hasSize(3000);
        assertThat(ip.warnings()).hasSize(Interpreter.MAX_WARNINGS).isEqualTo(sink.subList(0, Interpreter.MAX_WARNINGS));
        assertThat(sink.get(2999).message()).contains("Fatal(type 0x1, code 0x2, arg 0xBB7) executed", "in \\MAIN");
    }

    @Test
    void qemusDsdtLoadedTwiceLeavesTheNamespaceOfTheFirstLoadAndNamesEachObjectItMetAgain() throws Exception {
        byte[] dsdt = ToleranceCase.read("/golden/qemu-7.2-dimmpxm/q35/DSDT.dimmpxm");
        AmlInterpreter ip = new AmlInterpreter(new FlatMemoryPlatform(4096));
        ip.load(dsdt);
        List<String> first = namespace(ip);
        assertThat(ip.warnings()).isEmpty();

        ip.load(ToleranceCase.withSignature(dsdt, "SSDT"));

        assertThat(namespace(ip)).isEqualTo(first);
        assertThat(ip.warnings()).hasSizeGreaterThan(40).allSatisfy(w -> {
            assertThat(w.status()).isEqualTo("AE_ALREADY_EXISTS");
            assertThat(w.message()).contains("SSDT(BXPC)");
        });
    }

    /** Every node's path and type, in namespace order. */
    private static List<String> namespace(AmlInterpreter ip) {
        List<String> out = new ArrayList<>();
        ip.namespace().walk(ip.namespace().root(), (NamespaceNode n) -> out.add(n.path() + " " + n.type()));
        return out;
    }

    @Test
    void theGuestsBootLogsWhatWasSkippedAndATableThatFailedAndBootsOn() throws Exception {
        long rsdt = 0x1000;
        long fadt = 0x1100;
        long facs = 0x1300;
        long dsdtAt = 0x1400;
        long brokenAt = 0x2000;
        long goodAt = 0x2100;
        FlatMemoryPlatform memory = new FlatMemoryPlatform(0x100000);
        memory.writeMemory(dsdtAt, dsdt("""
                Name (ABCD, 1)
                Name (ABCD, 2)
                Fatal (0xA0, 0x12345678, 9)
                """));
        memory.writeMemory(brokenAt, ssdt(new byte[] {0x08, 0x5C, 'F', 'R', 'S', 'T', 0x01, UNASSIGNED_OPCODE}));
        memory.writeMemory(goodAt, ssdt(new byte[] {0x08, 0x5C, 'G', 'O', 'O', 'D', 0x01}));
        memory.writeMemory(fadt, Fadt.build(Fadt.PmRegisters.PIIX4, facs, dsdtAt));
        memory.writeMemory(facs, Facs.build());
        memory.writeMemory(rsdt, SystemDescriptionTable.RSDT.build(List.of(fadt, brokenAt, goodAt)));
        memory.writeMemory(0xF0000, Rsdp.qemu(rsdt, 0).bytes());
        KernelLog log = new KernelLog();

        AmlInterpreter ip = AcpiBoot.boot(memory, AmlOptions.defaults(), log).interpreter();

        assertThat(log.lines()).anySatisfy(l -> assertThat(l).startsWith("ACPI: AE_ALREADY_EXISTS").contains("ABCD"))
                .anySatisfy(l -> assertThat(l).startsWith("ACPI: AE_AML_FATAL").contains("Fatal(type 0xA0"))
                .anySatisfy(l -> assertThat(l).startsWith("ACPI: AE_AML_BAD_OPCODE")
                        .endsWith("SSDT table load failed"));
        assertThat(ip.evaluate("\\GOOD")).isEqualTo(AmlInteger.ONE);
        assertThat(ip.namespace().find("\\FRST")).isNull();
        assertThat(ip.warnings()).hasSize(2);
    }
}
