package dev.vnvdimm.guest.aml;

import dev.vnvdimm.guest.platform.FlatMemoryPlatform;
import dev.vnvdimm.guest.platform.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Field units over a recording platform: the exact accesses for each access width, update rule and field kind. */
class FieldAccessTest {
    @TempDir
    Path dir;

    /** Logs every access as {@code mr1@100}, {@code mw4@104=1234}, {@code ir1@70}, {@code iw1@71=5}, {@code bulkr@..}. */
    static final class Recording implements Platform {
        final FlatMemoryPlatform mem = new FlatMemoryPlatform(0x10000);
        final List<String> log = new ArrayList<>();
        long ioValue = 0xFF;

        @Override
        public long readMemory(long a, int w) {
            long v = mem.readMemory(a, w);
            log.add("mr" + w + "@" + Long.toHexString(a));
            return v;
        }

        @Override
        public void writeMemory(long a, int w, long v) {
            mem.writeMemory(a, w, v);
            log.add("mw" + w + "@" + Long.toHexString(a) + "=" + Long.toHexString(v));
        }

        @Override
        public void readMemory(long a, byte[] d) {
            mem.readMemory(a, d);
            log.add("bulkr" + d.length + "@" + Long.toHexString(a));
        }

        @Override
        public void writeMemory(long a, byte[] s) {
            mem.writeMemory(a, s);
            log.add("bulkw" + s.length + "@" + Long.toHexString(a));
        }

        @Override
        public long readIo(int p, int w) {
            log.add("ir" + w + "@" + Integer.toHexString(p));
            return ioValue & (w == 4 ? 0xFFFFFFFFL : (1L << (8 * w)) - 1);
        }

        @Override
        public void writeIo(int p, int w, long v) {
            log.add("iw" + w + "@" + Integer.toHexString(p) + "=" + Long.toHexString(v));
        }
    }

    List<String> run(String decls, String main) throws Exception {
        byte[] aml = CompiledAsl.compile(dir,
                CompiledAsl.definitionBlock(2, decls + " Method (MAIN) { " + main + " }"));
        Recording p = new Recording();
        AmlInterpreter ip = new AmlInterpreter(p);
        ip.load(aml);
        p.log.clear();
        ip.evaluate("\\MAIN");
        return p.log;
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        // access width: a 16-bit field at bit 8, written with each width and update rule
        "ByteAcc  | Preserve     | iw1@71=34 iw1@72=12",
        "WordAcc  | Preserve     | ir2@70 iw2@70=34ff ir2@72 iw2@72=12",
        "WordAcc  | WriteAsOnes  | iw2@70=34ff iw2@72=ff12",
        "WordAcc  | WriteAsZeros | iw2@70=3400 iw2@72=12",
        "DWordAcc | Preserve     | ir4@70 iw4@70=1234ff",
        "DWordAcc | WriteAsZeros | iw4@70=123400",
        "AnyAcc   | Preserve     | ir4@70 iw4@70=1234ff",
    })
    void ioFieldWrite(String access, String rule, String expected) throws Exception {
        List<String> log = run("OperationRegion (IOR0, SystemIO, 0x70, 8) Field (IOR0, " + access + ", NoLock, " + rule
                + ") { Offset (1), FFF0, 16 }", "FFF0 = 0x1234");
        assertThat(String.join(" ", log)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "ByteAcc  | ir1@71 ir1@72",
        "WordAcc  | ir2@70 ir2@72",
        "DWordAcc | ir4@70",
    })
    void ioFieldRead(String access, String expected) throws Exception {
        List<String> log = run("OperationRegion (IOR0, SystemIO, 0x70, 8) Field (IOR0, " + access
                + ", NoLock, Preserve) { Offset (1), FFF0, 16 }", "Local0 = FFF0");
        assertThat(String.join(" ", log)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "ByteAcc  | mw1@100=1 mw1@101=2 mw1@102=3 mw1@103=4",
        "WordAcc  | mw2@100=201 mw2@102=403",
        "DWordAcc | mw4@100=4030201",
        "QWordAcc | mr8@100 mw8@100=4030201",
    })
    void memoryFieldWrite(String access, String expected) throws Exception {
        List<String> log = run("OperationRegion (MEM0, SystemMemory, 0x100, 16) Field (MEM0, " + access
                + ", NoLock, Preserve) { FFF0, 32 }", "FFF0 = 0x04030201");
        assertThat(String.join(" ", log)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "DWordAcc | 1024 | bulkw128@100",
        "ByteAcc  | 1024 | bulkw128@100",
        "DWordAcc | 64   | mw4@100=0 mw4@104=0",
    })
    void largeMemoryFieldsUseBulkAccess(String access, int bits, String expected) throws Exception {
        List<String> log = run("OperationRegion (MEM0, SystemMemory, 0x100, 0x100) Field (MEM0, " + access
                + ", NoLock, Preserve) { FFF0, " + bits + " }", "FFF0 = Buffer (4) {}");
        assertThat(String.join(" ", log)).isEqualTo(expected);
    }

    @Test
    void indexFieldWritesTheIndexThenTheData() throws Exception {
        List<String> log = run("OperationRegion (IOR0, SystemIO, 0x70, 2) Field (IOR0, ByteAcc, NoLock, Preserve) "
                + "{ IDX0, 8, DAT0, 8 } IndexField (IDX0, DAT0, ByteAcc, NoLock, Preserve) { Offset (0x10), REGA, 8, REGB, 16 }",
                "REGA = 0x5A REGB = 0x1234");
        assertThat(log).containsExactly("iw1@70=10", "iw1@71=5a", "iw1@70=11", "iw1@71=34", "iw1@70=12",
                "iw1@71=12");
    }

    @Test
    void bankFieldSelectsTheBankBeforeEachAccess() throws Exception {
        List<String> log = run("OperationRegion (IOR0, SystemIO, 0x70, 1) Field (IOR0, ByteAcc, NoLock, Preserve) { BNK0, 8 } "
                + "OperationRegion (IOR1, SystemIO, 0x80, 4) BankField (IOR1, BNK0, 2, ByteAcc, NoLock, Preserve) { BFD0, 8 }",
                "BFD0 = 0x77 Local0 = BFD0");
        assertThat(log).containsExactly("iw1@70=2", "iw1@80=77", "iw1@70=2", "ir1@80");
    }

    @Test
    void lockedFieldsTakeTheGlobalLock() throws Exception {
        List<String> log = run("OperationRegion (IOR0, SystemIO, 0x70, 1) Field (IOR0, ByteAcc, Lock, Preserve) { FLD0, 8 }",
                "FLD0 = 1");
        assertThat(log).containsExactly("iw1@70=1");
    }

    @Test
    void bitFieldsInsideAByteAreReadModifyWritten() throws Exception {
        List<String> log = run("OperationRegion (IOR0, SystemIO, 0x70, 1) Field (IOR0, ByteAcc, NoLock, Preserve) "
                + "{ , 3, BIT3, 1 }", "BIT3 = 0");
        assertThat(log).containsExactly("ir1@70", "iw1@70=f7");
    }
}
