package dev.vnvdimm.emulator.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vnvdimm.abi.qemu.CommandLineTokenizer;
import dev.vnvdimm.emulator.config.MachineConfig;
import dev.vnvdimm.emulator.hostmem.MappedMemory;
import dev.vnvdimm.emulator.hostmem.Progress;
import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.emulator.machine.MachineFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source never reads what it knows is zero: a sparse backing file's holes and the main RAM's pages the
 * guest never touched. Reading a page through the mapping would map it into the source's page tables, so
 * {@code /proc/self/pagemap} after the migration shows what was read; a page written through the mapping is
 * data, and arrives.
 */
@Timeout(60)
class HoleSkippingTest {
    private static final int PAGE = 4096;
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    private final List<Machine> machines = new ArrayList<>();

    @AfterEach
    void powerOff() {
        machines.forEach(Machine::close);
    }

    private Machine machine(String file) {
        Machine m = new MachineFactory(Progress.NONE).build(MachineConfig.parse(CommandLineTokenizer.split(
                "-machine pc,nvdimm=on -m 64M,slots=4,maxmem=4G -object memory-backend-file,id=mem1,share=on,mem-path="
                        + dir.resolve(file) + ",size=64M -device nvdimm,id=nv1,memdev=mem1")));
        machines.add(m);
        return m;
    }

    static OutgoingMigration migrate(Machine src, Machine dst, int channels) throws Exception {
        MigrationUri.Listener l = MigrationUri.parse("tcp:127.0.0.1:0").listen();
        IncomingMigration in = new IncomingMigration(dst).withMultifd(channels);
        CompletableFuture<Void> loaded = CompletableFuture.runAsync(() -> {
            try (l; MigrationUri.Connection c = l.accept(channels > 0)) {
                in.load(c, l);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        OutgoingMigration out = new OutgoingMigration(src, MigrationUri.parse("tcp:127.0.0.1:"
                + ((InetSocketAddress) l.address()).getPort()), false, () -> new byte[0], () -> { })
                .withMultifd(channels);
        out.start();
        out.await();
        loaded.get(30, TimeUnit.SECONDS);
        return out;
    }

    @Test
    void holesOfASparseFileAndUntouchedMainRamAreSentAsZeroPagesWithoutBeingRead() throws Exception {
        checkNothingUnwrittenIsRead(0);
    }

    @Test
    void withMultifdToo() throws Exception {
        checkNothingUnwrittenIsRead(2);
    }

    private void checkNothingUnwrittenIsRead(int channels) throws Exception {
        Machine src = machine("src.img");
        Machine dst = machine("dst.img");
        MappedMemory pmem = src.ramBlocks().stream().filter(b -> b.id().equals("mem1")).findFirst().orElseThrow()
                .memory();
        MappedMemory ram = src.ramBlocks().get(0).memory();
        assumeTrue(pmem.presentPages() != null, "the kernel tells no pagemap here");
        byte[] data = "written through the mapping".getBytes(StandardCharsets.UTF_8);
        pmem.write(3 * PAGE, data);
        pmem.write(60 * MIB + 5 * PAGE, data);
        ram.write(2 * MIB, data);
        BitSet ramBefore = ram.presentPages();

        OutgoingMigration out = migrate(src, dst, channels);

        assertThat(out.status()).as(out.error()).isEqualTo(MigrationStatus.COMPLETED);
        BitSet present = pmem.presentPages();
        // readahead and fault-around may map neighbours of the written pages; far from them nothing was touched
        assertThat(present.get(256, (int) (60 * MIB / PAGE) - 256).cardinality())
                .as("pages of the file's holes mapped by the migration").isZero();
        BitSet ramAfter = ram.presentPages();
        ramAfter.andNot(ramBefore);
        assertThat(ramAfter.cardinality()).as("main RAM pages the migration mapped").isZero();
        assertThat(out.stats().zeroPages()).isGreaterThan(2 * 64 * MIB / PAGE - 64 * 4);
        MappedMemory dpmem = dst.ramBlocks().stream().filter(b -> b.id().equals("mem1")).findFirst().orElseThrow()
                .memory();
        assertThat(dpmem.read(3 * PAGE, data.length)).isEqualTo(data);
        assertThat(dpmem.read(60 * MIB + 5 * PAGE, data.length)).isEqualTo(data);
        assertThat(dst.ramBlocks().get(0).memory().read(2 * MIB, data.length)).isEqualTo(data);
        assertThat(dpmem.isZero(4 * PAGE, 59 * MIB)).isTrue();
    }
}
