package dev.vnvdimm.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnvdimm.abi.dsm.IntelDsm;
import dev.vnvdimm.system.load.LabelDsm;
import dev.vnvdimm.system.load.LoadMachine;
import dev.vnvdimm.system.load.QmpConnection;
import dev.vnvdimm.system.load.QmpPoller;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19's load: four guest threads on four vCPUs of one reference machine call {@code _DSM} Get and Set
 * Namespace Label Data at once through the reference guest's interpreter, while two QMP clients poll
 * {@code query-status}, {@code query-memory-devices} and {@code query-migrate} on connections of their own and a
 * management client migrates the machine live to a fresh destination over a unix socket, again and again until each
 * thread has made its calls (at least {@link #MIGRATIONS} times). The threads run on while the source migrates and
 * wait while its vCPUs are paused — the stop-and-copy, then {@code postmigrate} until the test's {@code cont}.
 *
 * <p>Each thread owns a quarter of the label area and writes words that carry its number, so every reply can be
 * checked by its content: a read must return exactly what that thread last wrote there, and a word of another
 * thread in it is a reply mixed between callers. At the end the label area in the backing file must be a serial
 * replay of every acknowledged write. Each migration must complete, and the destination's label area (its whole
 * backing file) equal the paused source's. Every QMP reply must be well-formed, carry its own client's id and
 * describe the machine consistently. A failure in any thread fails the test; a thread that does not end is a hang.
 *
 * <p>The only guest calling {@code _DSM} while the load runs is this test's interpreter: the reference guest that
 * {@link EmulatorInstance} boots reads the labels while booting (before the threads start) and calls again only
 * for a console command (the instance has no console), an SCI (nothing is hot-plugged) or a reset (none asked);
 * a write of its own would show in the replay check.
 */
@Timeout(120)
class DsmUnderLoadTest {
    static final int VCPUS = 4;
    static final int QMP_CLIENTS = 2;
    /** Migrations at the least; more follow while the threads have made fewer than {@link #MIN_CALLS} calls. */
    static final int MIGRATIONS = 3;
    static final int MAX_MIGRATIONS = 12;
    /** Label calls each thread makes at the least. */
    static final int MIN_CALLS = 600;
    /** Data in the NVDIMM besides its labels, so that each migration has pages to send while the calls go on. */
    static final int NVDIMM_DATA = 8 << 20;
    static final int STRIPE_WORDS = LoadMachine.LABEL_SIZE / 4 / VCPUS;
    static final int MAX_WRITE_WORDS = 64;
    static final int MAX_READ_WORDS = IntelDsm.MAX_LABEL_TRANSFER / 4;
    /** How long a thread may take to notice it is asked to stop; longer is a hang. */
    static final long JOIN_MILLIS = 30_000;

    @TempDir
    Path dir;

    private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final StringWriter emulatorLog = new StringWriter();
    private volatile boolean stop;

    /** One acknowledged Set Label Data. */
    record Write(int offset, byte[] data) {
    }

    /** A guest thread on its own vCPU, reading and writing its own quarter of the label area. */
    final class LabelThread implements Runnable {
        final int index;
        final int base;
        final int[] expected = new int[STRIPE_WORDS];
        final List<Write> acknowledged = new ArrayList<>();
        final LabelDsm dsm;
        volatile long calls;
        long reads;

        LabelThread(int index, LabelDsm dsm, byte[] initialArea) {
            this.index = index;
            this.dsm = dsm;
            this.base = index * STRIPE_WORDS * 4;
            ByteBuffer.wrap(initialArea).order(ByteOrder.LITTLE_ENDIAN).position(base).asIntBuffer()
                    .get(expected);
        }

        /** A word only this thread writes: its number, the write's sequence number, the word's place in it. */
        int tag(int sequence, int word) {
            return (index + 1) << 28 | (sequence & 0xFFFFF) << 8 | word;
        }

        @Override
        public void run() {
            Random rnd = new Random(1000 + index);
            try {
                while (!stop || calls < MIN_CALLS) {
                    if (rnd.nextBoolean()) {
                        int n = 1 + rnd.nextInt(MAX_WRITE_WORDS);
                        int at = rnd.nextInt(STRIPE_WORDS - n + 1);
                        int[] words = new int[n];
                        for (int i = 0; i < n; i++) {
                            words[i] = tag(acknowledged.size(), i);
                        }
                        byte[] data = LabelDsm.words(words);
                        dsm.write(base + at * 4, data);
                        System.arraycopy(words, 0, expected, at, n);
                        acknowledged.add(new Write(base + at * 4, data));
                    } else {
                        int n = 1 + rnd.nextInt(MAX_READ_WORDS);
                        int at = rnd.nextInt(STRIPE_WORDS - n + 1);
                        check(at, dsm.read(base + at * 4, n * 4));
                        reads++;
                    }
                    calls++;
                }
            } catch (Throwable e) {
                failures.add(new AssertionError("vCPU " + index + " after " + calls + " label calls: " + e, e));
            }
        }

        private void check(int at, byte[] reply) {
            var got = ByteBuffer.wrap(reply).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
            for (int i = 0; i < got.capacity(); i++) {
                int want = expected[at + i];
                int word = got.get(i);
                if (word != want) {
                    int owner = (word >>> 28) - 1;
                    String what = word != 0 && owner != index
                            ? "a mixed reply: it carries vCPU " + owner + "'s word"
                            : "a lost or stale write";
                    throw new AssertionError(String.format("%s: the read of [0x%x, +%d) has 0x%08x at 0x%x, "
                            + "where this vCPU last wrote 0x%08x", what, base + at * 4, reply.length, word,
                            base + (at + i) * 4, want));
                }
            }
        }
    }

    @Test
    void labelCallsOnFourVcpusWhileQmpClientsPollAndTheMachineMigratesLoseNothingAndMixNothing() throws Exception {
        Path sourceFile = dir.resolve("src.img");
        Path sourceQmp = dir.resolve("src.qmp");
        PrintWriter log = new PrintWriter(emulatorLog, true);
        List<Thread> vcpuThreads = new ArrayList<>();
        List<Thread> pollerThreads = new ArrayList<>();
        List<QmpPoller> pollers = new ArrayList<>();
        List<LabelThread> labelThreads = new ArrayList<>();
        long callsDuringMigrations = 0;
        long repliesDuringMigrations = 0;
        int migrations = 0;
        try (EmulatorInstance source = LoadMachine.start(dir, sourceFile, sourceQmp, log);
             QmpConnection management = new QmpConnection(sourceQmp, "mgmt")) {
            byte[] data = new byte[NVDIMM_DATA];
            new Random(7).nextBytes(data);
            source.machine().memoryMap().write(source.machine().nvdimms().get(0).addr(), data);
            byte[] initial = LoadMachine.labelArea(sourceFile);
            LabelDsm dsm = LabelDsm.boot(source.machine(), LoadMachine.NVDIMM_DEVICE);
            for (int i = 0; i < VCPUS; i++) {
                LabelThread t = new LabelThread(i, dsm, initial);
                labelThreads.add(t);
                vcpuThreads.add(started(t, "vcpu-" + i));
            }
            for (int i = 0; i < QMP_CLIENTS; i++) {
                QmpPoller p = new QmpPoller(sourceQmp, "poller" + i, LoadMachine.NVDIMM_ID, LoadMachine.NVDIMM_SIZE,
                        failures::add);
                pollers.add(p);
                pollerThreads.add(started(p, "qmp-poller-" + i));
            }
            int m = 0;
            for (; m < MAX_MIGRATIONS && (m < MIGRATIONS || calls(labelThreads) < VCPUS * MIN_CALLS)
                    && failures.isEmpty(); m++) {
                long calls = calls(labelThreads);
                long replies = pollers.stream().mapToLong(QmpPoller::replies).sum();
                Path destinationFile = dir.resolve("dst" + m + ".img");
                Path socket = dir.resolve("mig" + m + ".sock");
                try (EmulatorInstance destination = LoadMachine.destination(dir, destinationFile, socket, log)) {
                    LoadMachine.migrate(management, socket);
                    LoadMachine.awaitRunning(destination);
                    callsDuringMigrations += calls(labelThreads) - calls;
                    repliesDuringMigrations += pollers.stream().mapToLong(QmpPoller::replies).sum() - replies;
                    assertThat(management.execute("query-status", null).path("status").asText())
                            .as("the source after migration %d", m).isEqualTo("postmigrate");
                    byte[] sourceArea = LoadMachine.labelArea(sourceFile);
                    assertSameBytes(LoadMachine.labelArea(destinationFile), sourceArea,
                            "migration " + m + ": the destination's label area, against the paused source's");
                    assertSameBytes(destination.machine().nvdimms().get(0).labelArea().orElseThrow()
                            .read(0, LoadMachine.LABEL_SIZE), sourceArea, "migration " + m + ": the label area "
                            + "the destination's DSM handler reads");
                    assertSameBytes(Files.readAllBytes(destinationFile), Files.readAllBytes(sourceFile),
                            "migration " + m + ": the destination's backing file, against the source's");
                    assertSameBytes(LoadMachine.labelArea(sourceFile), sourceArea,
                            "migration " + m + ": the paused source's label area, a moment later");
                }
                Files.delete(destinationFile);
                management.execute("cont", null);
            }
            migrations = m;
            stop = true;
            pollers.forEach(QmpPoller::stop);
            for (int i = 0; i < VCPUS; i++) {
                vcpuThreads.get(i).join(JOIN_MILLIS);
                if (vcpuThreads.get(i).isAlive()) {
                    failures.add(new AssertionError("vCPU " + i + " hangs in a label call:\n"
                            + stack(vcpuThreads.get(i))));
                }
            }
            for (int i = 0; i < QMP_CLIENTS; i++) {
                pollerThreads.get(i).join(JOIN_MILLIS);
                if (pollerThreads.get(i).isAlive()) {
                    failures.add(new AssertionError("QMP client " + i + " got no answer to "
                            + pollers.get(i).pending()));
                }
                pollers.get(i).close();
            }
            assertThat(failures).as(() -> failures.stream().map(Throwable::toString)
                    .collect(Collectors.joining("\n")) + "\n" + emulatorLog).isEmpty();

            byte[] replay = initial.clone();
            for (LabelThread t : labelThreads) {
                for (Write w : t.acknowledged) {
                    System.arraycopy(w.data(), 0, replay, w.offset(), w.data().length);
                }
            }
            assertSameBytes(LoadMachine.labelArea(sourceFile), replay,
                    "the label area, against a serial replay of the acknowledged writes");
            assertThat(dsm.read(0, 4)).as("the guest still calls after the load")
                    .isEqualTo(Arrays.copyOf(replay, 4));
        } finally {
            stop = true;
            for (QmpPoller p : pollers) {
                p.close();
            }
        }
        for (LabelThread t : labelThreads) {
            assertThat(t.calls).as("vCPU %d's label calls", t.index).isGreaterThanOrEqualTo(MIN_CALLS);
            assertThat(t.acknowledged).as("vCPU %d's writes", t.index).isNotEmpty();
            assertThat(t.reads).as("vCPU %d's reads", t.index).isPositive();
        }
        assertThat(callsDuringMigrations).as("label calls made while a migration ran").isPositive();
        assertThat(pollers).allSatisfy(p -> assertThat(p.replies()).isPositive());
        assertThat(repliesDuringMigrations).as("QMP replies while a migration ran").isPositive();
        System.out.printf("DsmUnderLoadTest: %d label calls (%d writes, %d reads), %d while migrating; "
                        + "%d QMP replies, %d while migrating; %d migrations%n", calls(labelThreads),
                labelThreads.stream().mapToLong(t -> t.acknowledged.size()).sum(),
                labelThreads.stream().mapToLong(t -> t.reads).sum(), callsDuringMigrations,
                pollers.stream().mapToLong(QmpPoller::replies).sum(), repliesDuringMigrations, migrations);
    }

    private static long calls(List<LabelThread> threads) {
        return threads.stream().mapToLong(t -> t.calls).sum();
    }

    private static Thread started(Runnable body, String name) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static String stack(Thread t) {
        return Arrays.stream(t.getStackTrace()).map(e -> "  at " + e).collect(Collectors.joining("\n"));
    }

    /** Compares two byte images by their first difference, which says more than a dump of either. */
    private static void assertSameBytes(byte[] actual, byte[] expected, String what) {
        int at = Arrays.mismatch(actual, expected);
        assertThat(at).as("%s: the first byte that differs (-1: none)%s", what, at < 0 ? ""
                : String.format(", 0x%02x where 0x%02x was expected", at < actual.length ? actual[at] : 0,
                at < expected.length ? expected[at] : 0)).isEqualTo(-1);
    }
}
