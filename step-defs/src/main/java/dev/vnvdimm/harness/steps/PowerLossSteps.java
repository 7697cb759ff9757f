package dev.vnvdimm.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vnvdimm.harness.HarnessSettings;
import dev.vnvdimm.harness.model.CommandResult;
import dev.vnvdimm.harness.report.ReportAttachments;
import dev.vnvdimm.harness.targets.HypervisorInstance;
import dev.vnvdimm.harness.wire.ConsoleClient;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Power loss in the middle of label updates: the guest changes its labels through ndctl (create-namespace,
 * destroy-namespace, init-labels, write-labels) while the harness kills the hypervisor with SIGKILL at a random point;
 * the machine starts again on the same files and its guest must find a valid label index and the namespaces either
 * as before the interrupted update or as after it. The machines run as processes of their own
 * ({@link ScenarioWorld#POWER_LOSS_TAG}), and every restart reads what survived from the backing files alone (on QEMU
 * it boots for real: its files exist, so no saved state is used).
 *
 * <p>Each kill's draws come from a generator seeded with the scenario's seed and the kill's number, so kill n has the
 * same kind of update and the same kill point in every run whatever happened before it; when within the update the
 * kill lands in time is the machine's. One kill in {@value #AFTER_THE_REPLY_ONE_IN} comes after the guest reported its
 * update done (a random delay of up to a quarter of the update's duration after the reply): the update must then be
 * there after the restart, never lost. The others come at a random fraction of the update's duration, measured on this
 * target before the loop and on every update that completed since.
 */
public final class PowerLossSteps {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);
    /** At most this many namespaces at once: of 16 or 32 MiB each, they always fit the loops' 256 MiB NVDIMM. */
    private static final int MAX_NAMESPACES = 4;
    private static final int AFTER_THE_REPLY_ONE_IN = 4;
    /** The label area image {@code write-labels} puts back: written in the guest's working directory. */
    private static final String SNAPSHOT = "labels-snapshot.bin";

    private final ScenarioWorld world;
    private final RunningInstances instances;
    private final MigrationSteps migration;
    private final List<PowerLossKill> kills = new ArrayList<>();
    /** The namespaces before the last update that ran to its end in this boot: what an index one update old holds. */
    private Optional<ListedNamespaces> previousBefore = Optional.empty();
    private final Map<Kind, List<Long>> durations = new EnumMap<>(Kind.class);
    private final List<Long> restarts = new ArrayList<>();
    private int generation;
    private String guest;
    private String nmem;
    private String region;
    /** Where the scenario brought the index in its sequence cycle ({@link #SEQUENCE_CYCLE}), for each attempt. */
    private int cycleTarget = -1;

    public PowerLossSteps(ScenarioWorld world, RunningInstances instances, MigrationSteps migration) {
        this.world = world;
        this.instances = instances;
        this.migration = migration;
    }

    /** What an update does to the labels. */
    private enum Kind {
        CREATE_NAMESPACE, DESTROY_NAMESPACE, INIT_LABELS, WRITE_LABELS
    }

    /** One label update: the guest commands that make it, and the namespaces before and after it. */
    private record Update(Kind kind, List<String> commands, ListedNamespaces before, ListedNamespaces after) {
    }

    @When("the {word} guest loops namespace create and destroy on {word} and the hypervisor is killed at a random "
            + "point, {int} times with seed {long}")
    public void createAndDestroy(String name, String dimm, int times, long seed) {
        loop(name, dimm, times, seed, List.of(Kind.CREATE_NAMESPACE, Kind.DESTROY_NAMESPACE), this::createOrDestroy);
    }

    @When("the {word} guest loops init-labels and write-labels on {word} and the hypervisor is killed at a random "
            + "point, {int} times with seed {long}")
    public void initAndWriteLabels(String name, String dimm, int times, long seed) {
        loop(name, dimm, times, seed, List.of(Kind.INIT_LABELS, Kind.WRITE_LABELS),
                r -> r.nextBoolean() ? initLabels(r) : writeLabels(r));
    }

    /**
     * Measures each kind of update once, uninterrupted, then kills the machine {@code times} times (or as many as
     * {@code vnvdimm check --kills} says), each during or after the next update {@code next} prepares.
     */
    private void loop(String name, String dimm, int times, long seed, List<Kind> kinds,
                      Function<Random, Update> next) {
        onGuest(name, dimm);
        int count = HarnessSettings.current().powerLossKills().orElse(times);
        long started = System.nanoTime();
        Random calibration = new Random(seed);
        for (Kind kind : kinds) {
            Update u = switch (kind) {
                case CREATE_NAMESPACE -> create(calibration, list(), "calibration");
                case DESTROY_NAMESPACE -> {
                    ListedNamespaces now = list();
                    yield now.isEmpty() ? null : destroy(calibration, now);
                }
                case INIT_LABELS -> initLabels(calibration);
                case WRITE_LABELS -> writeLabels(calibration);
            };
            if (u != null) {
                long t0 = System.nanoTime();
                runUpdate(u);
                durations.computeIfAbsent(kind, k -> new ArrayList<>()).add(System.nanoTime() - t0);
            }
        }
        // one draw of the seed's generator per kill seeds that kill's own: java.util.Random's first draws from
        // neighbouring seeds (seed + n) are nearly alike, SplittableRandom's are not
        SplittableRandom perKill = new SplittableRandom(seed);
        try {
            for (int n = 1; n <= count; n++) {
                Random r = new Random(perKill.nextLong());
                boolean afterTheReply = r.nextInt(AFTER_THE_REPLY_ONE_IN) == 0;
                double fraction = r.nextDouble();
                Update u = next.apply(r);
                kills.add(killDuring(n, u, afterTheReply, fraction));
            }
        } finally {
            ReportAttachments.text("kills", report((System.nanoTime() - started) / 1e9));
        }
    }

    // ------------------------------------------------------------------------------------------------ the updates

    /** A create when there is room and the draw says so (always on no namespace), else a destroy. */
    private Update createOrDestroy(Random r) {
        ListedNamespaces now = list();
        boolean create = r.nextBoolean();
        return now.isEmpty() || create && now.size() < MAX_NAMESPACES ? create(r, now, "n" + kills.size())
                : destroy(r, now);
    }

    private Update create(Random r, ListedNamespaces now, String name) {
        long size = (r.nextBoolean() ? 16L : 32L) << 20;
        UUID uuid = uuid(r);
        return new Update(Kind.CREATE_NAMESPACE, List.of("ndctl create-namespace -r " + region + " -m raw -s "
                + (size >> 20) + "M -n " + name + " -u " + uuid), now,
                now.with(new ListedNamespaces.Namespace(uuid.toString(), name, size, "raw", "")));
    }

    private Update destroy(Random r, ListedNamespaces now) {
        ListedNamespaces.Namespace victim = now.namespaces().get(r.nextInt(now.size()));
        return new Update(Kind.DESTROY_NAMESPACE, List.of("ndctl destroy-namespace " + victim.dev() + " -f"), now,
                now.without(victim));
    }

    /** A random version-4 UUID from the kill's generator, so a create's namespace is known before the update. */
    private static UUID uuid(Random r) {
        long hi = r.nextLong() & ~0xF000L | 0x4000L;
        long lo = r.nextLong() & ~(0x3L << 62) | (0x2L << 62);
        return new UUID(hi, lo);
    }

    /**
     * {@code init-labels -f} on the region's DIMM, after 1–2 creates or destroys that leave at least one namespace
     * for it to wipe (and the index blocks' sequence numbers at varying points of their cycle, with the update before
     * known).
     */
    private Update initLabels(Random r) {
        int churn = 1 + r.nextInt(2);
        for (int i = 0; i < churn; i++) {
            runUpdate(createOrDestroy(r));
        }
        ListedNamespaces now = list();
        if (now.isEmpty()) {
            runUpdate(create(r, now, "n" + kills.size() + "-w"));
            now = list();
        }
        return new Update(Kind.INIT_LABELS, List.of("ndctl disable-region " + region,
                "ndctl init-labels -f " + nmem, "ndctl enable-region " + region), now, ListedNamespaces.NONE);
    }

    /**
     * {@code write-labels -i} of the label area as it was a moment ago ({@code read-labels -o}), after 1–2 creates or
     * destroys since, so the area it writes back differs from the one it replaces.
     */
    private Update writeLabels(Random r) {
        ListedNamespaces snapshot = list();
        runAll(List.of("ndctl read-labels " + nmem + " -o " + SNAPSHOT));
        int churn = 1 + r.nextInt(2);
        for (int i = 0; i < churn; i++) {
            runUpdate(createOrDestroy(r));
        }
        ListedNamespaces now = list();
        if (now.sameAs(snapshot)) {
            runUpdate(createOrDestroy(r));
            now = list();
        }
        return new Update(Kind.WRITE_LABELS, List.of("ndctl disable-region " + region,
                "ndctl write-labels " + nmem + " -i " + SNAPSHOT, "ndctl enable-region " + region), now, snapshot);
    }

    // ------------------------------------------------------------------------------------------------ the kill

    /**
     * Runs the update's commands on the guest console in a thread of their own while this one waits for the kill
     * point, kills the hypervisor, starts the machine again on the same command line and asks its guest what it
     * finds.
     */
    private PowerLossKill killDuring(int number, Update u, boolean afterTheReply, double fraction) {
        HypervisorInstance instance = instances.get(guest);
        ConsoleClient console = instance.console();
        long estimate = median(durations.get(u.kind()));
        AtomicReference<Long> repliedAt = new AtomicReference<>();
        AtomicReference<String> refused = new AtomicReference<>();
        Thread updater = new Thread(() -> {
            for (String command : u.commands()) {
                CommandResult r;
                try {
                    r = console.run(command, COMMAND_TIMEOUT);
                } catch (IOException | RuntimeException e) {
                    return; // the kill broke the console
                }
                if (r.exitCode() != 0) {
                    refused.set("'" + command + "' exited with " + r.exitCode() + ": " + r.combined());
                    return;
                }
            }
            repliedAt.set(System.nanoTime());
        }, "label-update");
        updater.setDaemon(true);
        long start = System.nanoTime();
        updater.start();
        long delay;
        if (afterTheReply) {
            join(updater);
            delay = (long) (fraction * estimate / 4);
            sleepNanos(repliedAt.get() == null ? 0 : repliedAt.get() + delay - System.nanoTime());
        } else {
            delay = (long) (fraction * estimate);
            sleepNanos(start + delay - System.nanoTime());
        }
        long killedAt = System.nanoTime();
        instance.kill();
        join(updater);
        // the drawn point, and where the kill landed: a loaded host oversleeps
        Long replied = repliedAt.get();
        String point = afterTheReply && replied != null
                ? "killed " + millis(killedAt - replied) + " after the reply (drawn: " + millis(delay) + ")"
                : "killed at " + millis(killedAt - start) + " (drawn: " + millis(delay) + " of the update's ~"
                        + millis(estimate) + ")";
        assertThat(refused.get()).as("kill %d: the guest refused the update %s before the kill", number,
                u.commands()).isNull();
        assertKilled(number, instance);
        boolean acknowledged = replied != null && replied - killedAt < 0;
        if (acknowledged) {
            durations.get(u.kind()).add(replied - start);
        }

        return restartAndJudge(number, u, point, acknowledged);
    }

    /**
     * After a kill: the machine starts again on the same command line (and so the same files), and its guest says
     * whether it has a valid label index and which namespaces it finds.
     */
    private PowerLossKill restartAndJudge(int number, Update u, String point, boolean acknowledged) {
        Optional<ListedNamespaces> previous = previousBefore;
        previousBefore = Optional.empty(); // a new boot: no update has run in it yet
        long restartStart = System.nanoTime();
        migration.launchAs(guest, guest + "-" + (++generation), instances.commandLine(guest));
        CommandResult check = instances.run(guest, "ndctl check-labels " + nmem, COMMAND_TIMEOUT);
        restarts.add(System.nanoTime() - restartStart);
        ListedNamespaces found = list();
        PowerLossKill kill = new PowerLossKill(number, String.join("; ", u.commands()), point, acknowledged,
                u.before(), u.after(), previous, check.exitCode() == 0, check.combined(), found, "");
        if (kill.verdict().failure()) {
            CommandResult labels = instances.run(guest, "ndctl read-labels -j " + nmem, COMMAND_TIMEOUT);
            kill = new PowerLossKill(number, kill.update(), point, acknowledged, u.before(), u.after(), previous,
                    kill.indexValid(), kill.checkLabels(), found, labels.combined());
        }
        return kill;
    }

    /** The kill was SIGKILL (exit status 128 + 9) to the hypervisor's process; then what it held is let go. */
    private void assertKilled(int number, HypervisorInstance instance) {
        assertThat(instance.exitStatus()).as("kill %d: the %s hypervisor's exit status after SIGKILL; its error "
                + "output: %s", number, guest, instance.errorOutput()).contains(137);
        instance.close();
    }

    private static void join(Thread t) {
        try {
            t.join(COMMAND_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during a power-loss loop", e);
        }
        assertThat(t.isAlive()).as("the guest's update still running %d s after the kill",
                COMMAND_TIMEOUT.toSeconds()).isFalse();
    }

    private static void sleepNanos(long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during a power-loss loop", e);
        }
    }

    // ------------------------------------------------------------------------------------------------ one chosen point

    /** The two index blocks' sequence numbers after 0 to 5 index writes since init-labels left them at 3 and 2. */
    private static final List<List<Integer>> SEQUENCE_CYCLE = List.of(List.of(3, 2), List.of(3, 1), List.of(2, 1),
            List.of(2, 3), List.of(1, 3), List.of(1, 2));

    /**
     * Brings the label index to the point of its sequence cycle the scenario names, the last update a destroy: how
     * many index writes a create and a destroy make is the guest's own (Linux 6.1 makes 8 and 3, the reference 2 and
     * 1), so it is measured on one create and one destroy, and the creates and create–destroy pairs that reach the
     * point from there are chosen by that arithmetic (mod 6), then checked.
     */
    @Given("the {word} guest has created and destroyed namespaces on {word} until a destroy left index block 0 at "
            + "sequence number {int} and block 1 at {int}")
    public void destroyedInto(String name, String dimm, int seq0, int seq1) {
        onGuest(name, dimm);
        cycleTarget = SEQUENCE_CYCLE.indexOf(List.of(seq0, seq1));
        assertThat(cycleTarget).as("(%d, %d) is a point of the cycle %s", seq0, seq1, SEQUENCE_CYCLE).isNotNegative();
        bringIndexTo(cycleTarget, 0);
    }

    /**
     * Creates and destroys namespaces (named for the attempt) until a destroy leaves the index at {@code target}. How
     * many index writes a create and a destroy make is the guest's own, so it is measured on one create and one
     * destroy, and the creates and create–destroy pairs that reach the point from there are chosen by that
     * arithmetic (mod 6), then checked.
     */
    private void bringIndexTo(int target, int attempt) {
        Random r = new Random(31L * target + attempt);
        String keep = "keep" + attempt;
        String x = "x" + attempt;
        runUpdate(create(r, list(), keep));
        int p0 = cyclePoint();
        runUpdate(create(r, list(), x));
        int p1 = cyclePoint();
        runUpdate(destroy(list(), x));
        int p2 = cyclePoint();
        int c = Math.floorMod(p1 - p0, 6);
        int d = Math.floorMod(p2 - p1, 6);
        int creates = -1;
        int pairs = -1;
        for (int total = 0; total <= 7 && creates < 0; total++) {
            for (int k = 0; k <= Math.min(2, total); k++) { // a few namespaces at most, all of 16 MiB
                if (Math.floorMod(p2 + k * c + (total - k) * (c + d) + c + d - target, 6) == 0) {
                    creates = k;
                    pairs = total - k;
                    break;
                }
            }
        }
        assertThat(creates).as("with a create writing the index %d times and a destroy %d times (mod 6), no sequence "
                + "of creates and destroys from point %d ends at point %d", c, d, p2, target).isNotNegative();
        for (int i = 0; i < pairs; i++) {
            runUpdate(create(r, list(), "z" + attempt));
            runUpdate(destroy(list(), "z" + attempt));
        }
        for (int i = 0; i < creates; i++) {
            runUpdate(create(r, list(), "y" + attempt + "-" + i));
        }
        runUpdate(create(r, list(), x));
        runUpdate(destroy(list(), x));
        assertThat(cyclePoint()).as("the index's point in its sequence cycle %s", SEQUENCE_CYCLE).isEqualTo(target);
    }

    private Update destroy(ListedNamespaces now, String name) {
        ListedNamespaces.Namespace victim = now.namespaces().stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no namespace '" + name + "' among " + now));
        return new Update(Kind.DESTROY_NAMESPACE, List.of("ndctl destroy-namespace " + victim.dev() + " -f"), now,
                now.without(victim));
    }

    /** Where the index blocks' sequence numbers are in their cycle ({@code ndctl read-labels -j}). */
    private int cyclePoint() {
        String printed = guestRuns("ndctl read-labels -j " + nmem).stdout();
        try {
            JsonNode dimm = JSON.readTree(printed);
            JsonNode index = (dimm.isArray() ? dimm.path(0) : dimm).path("index");
            List<Integer> seqs = List.of(index.path(0).path("seq").asInt(), index.path(1).path("seq").asInt());
            int point = SEQUENCE_CYCLE.indexOf(seqs);
            assertThat(point).as("index sequence numbers %s in ndctl read-labels -j:%n%s", seqs, printed)
                    .isNotNegative();
            return point;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code init-labels -f} (its region disabled first), the hypervisor killed the moment the watched bytes of the
     * backing file change — the first of the guest's index writes has landed — and the machine started again. The
     * file is read through its own descriptor, as the page cache holds it: the hypervisor writes through a shared
     * mapping of it.
     */
    @When("the {word} guest runs init-labels -f on {word} and the hypervisor is killed as soon as the first {int} "
            + "bytes of the last {size} of file {string} change, {int} times")
    public void initLabelsKilledAtFirstIndexWrite(String name, String dimm, int watched, Long tail, String file,
                                                  int times) throws IOException {
        long stepStart = System.nanoTime();
        onGuest(name, dimm);
        assertThat(cycleTarget).as("the index brought to a point of its cycle first").isNotNegative();
        for (int attempt = 1; attempt <= times; attempt++) {
            if (attempt > 1) { // the guest booted anew on what the kill left: back to the same point
                bringIndexTo(cycleTarget, attempt);
            }
            kills.add(initLabelsKilled(attempt, watched, tail, file));
        }
        ReportAttachments.text("kills", report((System.nanoTime() - stepStart) / 1e9));
    }

    /**
     * One init-labels -f cut off so; the kill's number is {@code number}. Where a kill comes late — the host was busy,
     * or the guest's two writes are closer together than a kill takes — it finds the update whole, which is allowed;
     * the scenario kills it several times.
     */
    private PowerLossKill initLabelsKilled(int number, int watched, long tail, String file) throws IOException {
        ListedNamespaces before = list();
        guestRuns("ndctl disable-region " + region);
        Update u = new Update(Kind.INIT_LABELS, List.of("ndctl init-labels -f " + nmem), before,
                ListedNamespaces.NONE);
        HypervisorInstance instance = instances.get(guest);
        ConsoleClient console = instance.console();
        AtomicReference<CommandResult> reply = new AtomicReference<>();
        Thread updater = new Thread(() -> {
            try {
                reply.set(console.run(u.commands().get(0), COMMAND_TIMEOUT));
            } catch (IOException | RuntimeException e) {
                // the kill broke the console
            }
        }, "label-update");
        updater.setDaemon(true);
        String point;
        try (FileChannel channel = FileChannel.open(world.file(file), StandardOpenOption.READ)) {
            long offset = channel.size() - tail;
            ByteBuffer first = read(channel, offset, watched);
            long start = System.nanoTime();
            updater.start();
            long deadline = start + COMMAND_TIMEOUT.toNanos();
            while (read(channel, offset, watched).equals(first)) {
                assertThat(updater.isAlive() && System.nanoTime() < deadline).as("a write of '%s' to the first %d "
                        + "bytes of the last %d bytes of %s; the guest answered %s", u.commands().get(0), watched, tail,
                        file, reply.get()).isTrue();
                LockSupport.parkNanos(50_000);
            }
            long changed = System.nanoTime();
            instance.kill();
            point = "killed as the first change to the watched bytes was seen, " + millis(changed - start)
                    + " into the update (dead " + millis(System.nanoTime() - changed) + " later)";
        }
        join(updater);
        assertKilled(number, instance);
        return restartAndJudge(number, u, point, reply.get() != null);
    }

    private static ByteBuffer read(FileChannel channel, long offset, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (channel.read(b, offset + b.position()) < 0) {
                throw new IOException("the file ends before byte " + (offset + length));
            }
        }
        return b.flip();
    }

    // ------------------------------------------------------------------------------------------------ the guest

    private ListedNamespaces list() {
        return ListedNamespaces.parse(guestRuns("ndctl list -N").stdout());
    }

    private void runAll(List<String> commands) {
        commands.forEach(this::guestRuns);
    }

    /** An update the guest runs to its end: its namespaces before are what an index one update older holds. */
    private void runUpdate(Update u) {
        runAll(u.commands());
        previousBefore = Optional.of(u.before());
    }

    private void onGuest(String name, String dimm) {
        guest = name;
        nmem = dimm;
        region = regionOf(dimm);
    }

    private CommandResult guestRuns(String command) {
        CommandResult r = instances.run(guest, command, COMMAND_TIMEOUT);
        assertThat(r.exitCode()).as("'%s' on the %s guest printed:\n%s", command, guest, r.combined()).isZero();
        return r;
    }

    /** The region whose mapping is this DIMM, from {@code ndctl list -R -D}. */
    private String regionOf(String dimm) {
        String printed = guestRuns("ndctl list -R -D").stdout();
        try {
            JsonNode list = JSON.readTree(printed);
            for (JsonNode r : list.isArray() ? list : list.path("regions")) {
                for (JsonNode mapping : r.path("mappings")) {
                    if (mapping.path("dimm").asText().equals(dimm)) {
                        return r.path("dev").asText();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("no region of " + dimm + " in ndctl list -R -D:\n" + printed);
    }

    // ------------------------------------------------------------------------------------------------ verdicts

    @Then("after every kill the {word} guest found a valid label index and each namespace as before or as after the "
            + "update")
    public void everyKillFoundBeforeOrAfter(String name) {
        assertThat(kills).as("kills of the %s machine", name).isNotEmpty();
        List<PowerLossKill> wrong = kills.stream().filter(k -> k.verdict() == PowerLossKill.Verdict.NO_VALID_INDEX
                || k.verdict() == PowerLossKill.Verdict.NEITHER).toList();
        assertThat(wrong).as("%d of %d kills left the %s guest a label area that is neither as before nor as after "
                + "the update:%n%s", wrong.size(), kills.size(), name, describe(wrong)).isEmpty();
        // apart: an index one update old coming back is what ndctl's init-labels -f does (a known defect of QEMU
        // targets' Linux guest), told by its own words
        List<PowerLossKill> older = kills.stream().filter(k -> k.verdict() == PowerLossKill.Verdict.PREVIOUS).toList();
        assertThat(older).as("%d of %d kills left the %s guest its namespaces as they were before the previous "
                + "update, older than before this one: the label index before last came back:%n%s", older.size(),
                kills.size(), name, describe(older)).isEmpty();
    }

    @Then("no update the {word} guest reported done was lost")
    public void noAcknowledgedUpdateLost(String name) {
        List<PowerLossKill> acknowledged = kills.stream().filter(PowerLossKill::acknowledged).toList();
        assertThat(acknowledged).as("kills after the %s guest reported its update done (one in %d is drawn so)", name,
                AFTER_THE_REPLY_ONE_IN).isNotEmpty();
        List<PowerLossKill> lost = acknowledged.stream()
                .filter(k -> k.verdict() == PowerLossKill.Verdict.LOST_ACKNOWLEDGED).toList();
        assertThat(lost).as("%d of %d updates the %s guest reported done were gone after the kill:%n%s", lost.size(),
                acknowledged.size(), name, describe(lost)).isEmpty();
    }

    private static String describe(List<PowerLossKill> some) {
        return some.stream().map(PowerLossKill::describe).collect(Collectors.joining());
    }

    /** The loop's numbers (verdicts, time per kill, restarts), then every kill. */
    private String report(double seconds) {
        Map<PowerLossKill.Verdict, Long> verdicts = new EnumMap<>(PowerLossKill.Verdict.class);
        kills.forEach(k -> verdicts.merge(k.verdict(), 1L, Long::sum));
        long[] sortedRestarts = restarts.stream().mapToLong(Long::longValue).sorted().toArray();
        StringBuilder out = new StringBuilder(String.format("%d kills in %.1f s (%.2f s a kill, updates measured "
                        + "before the loop included); %d after the guest reported its update done; found %s%n",
                kills.size(), seconds, kills.isEmpty() ? 0 : seconds / kills.size(),
                kills.stream().filter(PowerLossKill::acknowledged).count(), verdicts));
        if (sortedRestarts.length > 0) {
            out.append(String.format("restart to the guest's first answer: median %s, max %s%n",
                    millis(sortedRestarts[sortedRestarts.length / 2]), millis(sortedRestarts[sortedRestarts.length - 1])));
        }
        durations.forEach((kind, d) -> out.append(String.format("%s: ~%s (median of %d uninterrupted)%n",
                kind.name().toLowerCase().replace('_', '-'), millis(median(d)), d.size())));
        kills.forEach(k -> out.append(k.describe()));
        return out.toString();
    }

    private static long median(List<Long> values) {
        long[] v = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(v);
        return v[v.length / 2];
    }

    private static String millis(long nanos) {
        return String.format("%.1f ms", nanos / 1e6);
    }
}
