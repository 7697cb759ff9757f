package dev.vnvdimm.system.bench;

import dev.vnvdimm.system.EmulatorInstance;
import dev.vnvdimm.system.load.LabelDsm;
import dev.vnvdimm.system.load.LoadMachine;
import dev.vnvdimm.system.load.QmpConnection;
import dev.vnvdimm.system.load.QmpPoller;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 19's load, measured: the latency of one {@code _DSM} label read and one label write of 256 bytes (one
 * namespace label), made by four guest threads on four vCPUs of one reference machine at once through the
 * reference guest's interpreter and the DSM handler ({@code SampleTime}: JMH reports p50, p99, p99.9). With
 * {@code load=qmp+migrate} two QMP clients poll {@code query-status}, {@code query-memory-devices} and
 * {@code query-migrate} without pause meanwhile, and the machine (8 MiB of data in its NVDIMM) is migrated live
 * to a fresh destination over a unix socket again and again ({@code cont} after each, as the destination's guest
 * would run on); with {@code load=none} the machine is only the calls. A migration's stop-and-copy and the time
 * until {@code cont} hold every vCPU: the calls caught there wait, and show in the high percentiles.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(4)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class DsmUnderLoadBenchmark {
    private static final int QMP_CLIENTS = 2;
    private static final int LABEL = 256;

    @Param({"none", "qmp+migrate"})
    public String load;

    private Path dir;
    private EmulatorInstance source;
    private LabelDsm dsm;
    private final List<QmpPoller> pollers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final StringWriter emulatorLog = new StringWriter();
    private volatile boolean stop;
    private final AtomicInteger migrations = new AtomicInteger();
    private final AtomicInteger vcpus = new AtomicInteger();

    /** One guest thread: its own quarter of the label area, and a label of its own to write there. */
    @State(Scope.Thread)
    public static class Vcpu {
        int offset;
        byte[] label;

        @Setup
        public void place(DsmUnderLoadBenchmark machine) {
            int index = machine.vcpus.getAndIncrement() % 4;
            offset = index * (LoadMachine.LABEL_SIZE / 4);
            label = new byte[LABEL];
            new Random(index).nextBytes(label);
        }
    }

    @Setup
    public void powerOn() throws IOException {
        dir = Files.createTempDirectory("vnvdimm-load-");
        Path qmp = dir.resolve("src.qmp");
        source = LoadMachine.start(dir, dir.resolve("src.img"), qmp, new PrintWriter(emulatorLog, true));
        byte[] data = new byte[8 << 20];
        new Random(7).nextBytes(data);
        source.machine().memoryMap().write(source.machine().nvdimms().get(0).addr(), data);
        dsm = LabelDsm.boot(source.machine(), LoadMachine.NVDIMM_DEVICE);
        if (load.equals("none")) {
            return;
        }
        for (int i = 0; i < QMP_CLIENTS; i++) {
            QmpPoller p = new QmpPoller(qmp, "poller" + i, LoadMachine.NVDIMM_ID, LoadMachine.NVDIMM_SIZE,
                    failures::add);
            pollers.add(p);
            threads.add(started(p, "qmp-poller-" + i));
        }
        QmpConnection management = new QmpConnection(qmp, "mgmt");
        threads.add(started(() -> migrateUntilStopped(management), "migrations"));
    }

    private void migrateUntilStopped(QmpConnection management) {
        try (management) {
            while (!stop) {
                Path file = dir.resolve("dst.img");
                Path socket = dir.resolve("mig.sock");
                try (EmulatorInstance destination = LoadMachine.destination(dir, file, socket,
                        new PrintWriter(emulatorLog, true))) {
                    LoadMachine.migrate(management, socket);
                    // at once: the guest runs on where the destination would run it
                    management.execute("cont", null);
                    LoadMachine.awaitRunning(destination);
                }
                Files.delete(file);
                migrations.incrementAndGet();
            }
        } catch (Throwable e) {
            failures.add(e);
        }
    }

    private static Thread started(Runnable body, String name) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    @TearDown
    public void powerOff() throws Exception {
        stop = true;
        pollers.forEach(QmpPoller::stop);
        for (Thread t : threads) {
            t.join(60_000);
        }
        for (QmpPoller p : pollers) {
            p.close();
        }
        source.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
        if (!load.equals("none")) {
            System.out.printf("%nload: %d migrations, %d QMP replies%n", migrations.get(),
                    pollers.stream().mapToLong(QmpPoller::replies).sum());
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("the load failed: " + failures + "\n" + emulatorLog);
        }
    }

    @Benchmark
    public byte[] labelRead256Bytes(Vcpu vcpu) {
        return dsm.read(vcpu.offset, LABEL);
    }

    @Benchmark
    public void labelWrite256Bytes(Vcpu vcpu) {
        dsm.write(vcpu.offset, vcpu.label);
    }
}
