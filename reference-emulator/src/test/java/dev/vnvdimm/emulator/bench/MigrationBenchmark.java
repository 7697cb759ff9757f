package dev.vnvdimm.emulator.bench;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.vnvdimm.abi.qemu.CommandLineTokenizer;
import dev.vnvdimm.emulator.config.MachineConfig;
import dev.vnvdimm.emulator.hostmem.MappedMemory;
import dev.vnvdimm.emulator.hostmem.Progress;
import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.emulator.machine.MachineFactory;
import dev.vnvdimm.emulator.migration.IncomingMigration;
import dev.vnvdimm.emulator.migration.MigrationStatus;
import dev.vnvdimm.emulator.migration.MigrationUri;
import dev.vnvdimm.emulator.migration.OutgoingMigration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Live migration of a 1 GiB RAM block (every page holding data, so nothing goes as a zero page) between two
 * machines in this process over loopback TCP, against libc {@code memcpy} of the same 1 GiB between two
 * mappings, measured in the same fork. The trial's end prints throughput as a fraction of memcpy bandwidth
 * and the downtime of every migration (issue goals: at least 50 %, at most 5 ms); {@code loopbackTcp1GiB} is the
 * transport's own ceiling, 1 GiB through the same kind of connection with no migration work, and
 * {@code loopbackTcp1GiBIn2Streams} / {@code In4Streams} the ceiling of that many connections side by side
 * (what multifd can at best reach). {@code migrate1GiBMultifdN} migrate with QEMU's multifd capability on N
 * channels.
 * Run: {@code mvn -P bench -pl reference-emulator test-compile exec:exec -Dbench=MigrationBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 8)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class MigrationBenchmark {
    static final long GIB = 1L << 30;

    /** libc's memcpy, the bandwidth the migration is compared with. */
    interface CLibrary extends Library {
        CLibrary C = Native.load("c", CLibrary.class);

        Pointer memcpy(Pointer dst, Pointer src, long n);
    }

    private Machine source;
    private Machine destination;
    private MappedMemory copyA;
    private MappedMemory copyB;
    private final List<Long> downtimes = new ArrayList<>();
    private final List<Long> migrationNanos = new ArrayList<>();
    private final List<Long> memcpyNanos = new ArrayList<>();

    @Setup(Level.Trial)
    public void machines(BenchmarkParams params) {
        name = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        copyA = MappedMemory.anonymous(GIB);
        copyB = MappedMemory.anonymous(GIB);
        copyA.fill(0, GIB, (byte) 0x5a);
        copyB.fill(0, GIB, (byte) 0);
        if (!name.startsWith("migrate")) {
            return;
        }
        String options = "-machine pc -m 1G";
        source = new MachineFactory(Progress.NONE).build(MachineConfig.parse(CommandLineTokenizer.split(options)));
        destination = new MachineFactory(Progress.NONE).build(MachineConfig.parse(CommandLineTokenizer.split(options)));
        MappedMemory ram = source.ramBlocks().get(0).memory();
        byte[] page = new byte[1 << 20];
        new Random(7).nextBytes(page);
        for (long at = 0; at < ram.size(); at += page.length) {
            page[0]++; // no two chunks alike, none zero
            ram.write(at, page, 0, (int) Math.min(page.length, ram.size() - at));
        }
    }

    private String name;
    private final List<Long> tcpNanos = new ArrayList<>();

    @Benchmark
    public long memcpy1GiB() {
        long t = System.nanoTime();
        CLibrary.C.memcpy(new Pointer(copyB.hostAddress()), new Pointer(copyA.hostAddress()), GIB);
        long took = System.nanoTime() - t;
        memcpyNanos.add(took);
        return took;
    }

    /** The transport's own ceiling: 1 GiB through one loopback TCP connection, no migration work at all. */
    @Benchmark
    public long loopbackTcp1GiB() throws Exception {
        return loopback(1);
    }

    /** 1 GiB through two loopback TCP connections side by side, 512 MiB each: multifd's ceiling on 2 channels. */
    @Benchmark
    public long loopbackTcp1GiBIn2Streams() throws Exception {
        return loopback(2);
    }

    @Benchmark
    public long loopbackTcp1GiBIn4Streams() throws Exception {
        return loopback(4);
    }

    private long loopback(int streams) throws Exception {
        long t = System.nanoTime();
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0), streams);
            List<CompletableFuture<Long>> done = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                SocketChannel c = SocketChannel.open(server.getLocalAddress());
                SocketChannel accepted = server.accept();
                done.add(CompletableFuture.supplyAsync(() -> {
                    try (accepted) {
                        ByteBuffer b = ByteBuffer.allocateDirect(1 << 20);
                        long got = 0;
                        for (int n; (n = accepted.read(b.clear())) >= 0; ) {
                            got += n;
                        }
                        return got;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, POOL));
                done.add(CompletableFuture.supplyAsync(() -> {
                    try (c) {
                        ByteBuffer b = ByteBuffer.allocateDirect(1 << 20);
                        for (long sent = 0; sent < GIB / streams; ) {
                            sent += c.write(b.clear());
                        }
                        return 0L;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, POOL));
            }
            long got = 0;
            for (CompletableFuture<Long> f : done) {
                got += f.get(60, TimeUnit.SECONDS);
            }
            tcpNanos.add(System.nanoTime() - t);
            return got;
        }
    }

    /** Threads enough for 4 streams' senders and receivers (the common pool has one thread on 2 cores). */
    private static final ExecutorService POOL = Executors.newCachedThreadPool(
            r -> {
                Thread t = new Thread(r, "loopback");
                t.setDaemon(true);
                return t;
            });

    @Benchmark
    public MigrationStatus migrate1GiBOverLoopbackTcp() throws Exception {
        return migrate(0);
    }

    @Benchmark
    public MigrationStatus migrate1GiBMultifd1() throws Exception {
        return migrate(1);
    }

    @Benchmark
    public MigrationStatus migrate1GiBMultifd2() throws Exception {
        return migrate(2);
    }

    @Benchmark
    public MigrationStatus migrate1GiBMultifd4() throws Exception {
        return migrate(4);
    }

    private MigrationStatus migrate(int channels) throws Exception {
        long t = System.nanoTime();
        MigrationUri.Listener listener = MigrationUri.parse("tcp:127.0.0.1:0").listen();
        int port = ((InetSocketAddress) listener.address()).getPort();
        IncomingMigration in = new IncomingMigration(destination).withMultifd(channels);
        CompletableFuture<Void> loaded = CompletableFuture.runAsync(() -> {
            try (listener; MigrationUri.Connection c = listener.accept(channels > 0)) {
                in.load(c, listener);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, POOL);
        OutgoingMigration out = new OutgoingMigration(source, MigrationUri.parse("tcp:127.0.0.1:" + port), false,
                () -> new byte[0], () -> { }).withMultifd(channels);
        out.start();
        out.await();
        loaded.get(60, TimeUnit.SECONDS);
        migrationNanos.add(System.nanoTime() - t);
        if (out.status() != MigrationStatus.COMPLETED) {
            throw new IllegalStateException("migration " + out.status() + ": " + out.error());
        }
        downtimes.add(out.stats().downtimeMillis());
        source.vcpu().resume(); // the next iteration migrates a running source again
        return out.status();
    }

    @TearDown(Level.Trial)
    public void report() {
        if (!tcpNanos.isEmpty()) {
            long m = median(tcpNanos);
            System.out.printf("%nRESULT %s: 1 GiB over loopback TCP: median %.1f ms = %.2f GiB/s%n", name, m / 1e6,
                    1e9 / m);
        }
        if (!migrationNanos.isEmpty()) {
            long best = median(migrationNanos);
            System.out.printf("%nRESULT %s: migration of 1 GiB over loopback TCP: median %.1f ms = %.2f GiB/s; "
                    + "downtimes %s ms (median %d, max %d)%n", name, best / 1e6, GIB / (best / 1e9) / GIB, downtimes,
                    median(downtimes), downtimes.stream().mapToLong(Long::longValue).max().orElse(0));
            long copy = 0;
            for (int i = 0; i < 5; i++) {
                long t = System.nanoTime();
                CLibrary.C.memcpy(new Pointer(copyB.hostAddress()), new Pointer(copyA.hostAddress()), GIB);
                copy = i == 0 ? System.nanoTime() - t : Math.min(copy, System.nanoTime() - t);
            }
            System.out.printf("RESULT %s: memcpy of 1 GiB in the same fork: best of 5 %.1f ms = %.2f GiB/s; "
                    + "migration throughput = %.0f %% of memcpy bandwidth%n", name, copy / 1e6, 1e9 / copy, 100.0 * copy / best);
        }
        if (!memcpyNanos.isEmpty()) {
            System.out.printf("%nRESULT memcpy1GiB: median %.1f ms = %.2f GiB/s%n", median(memcpyNanos) / 1e6,
                    1e9 / median(memcpyNanos));
        }
        if (source != null) {
            source.close();
            destination.close();
        }
        copyA.close();
        copyB.close();
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
