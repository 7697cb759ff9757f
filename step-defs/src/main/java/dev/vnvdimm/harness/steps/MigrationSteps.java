package dev.vnvdimm.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vnvdimm.abi.qemu.CommandLineTokenizer;
import dev.vnvdimm.harness.model.CommandResult;
import dev.vnvdimm.harness.report.ReportAttachments;
import dev.vnvdimm.harness.targets.HypervisorInstance;
import dev.vnvdimm.harness.wire.QmpClient;
import io.cucumber.datatable.DataTable;
import io.cucumber.java.After;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Migration between two long-running hypervisors: QMP drives the machines and the migration, each guest is
 * driven through its console. What a guest "shows" is the output of the commands {@link #viewCommands} chooses, compared
 * byte for byte between source and destination.
 */
public final class MigrationSteps {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Label words are written into free label slots, well away from the index blocks. */
    static final int LABEL_WORDS_OFFSET = 96 << 10;
    static final int MAX_LABEL_WORDS = 1000;
    /**
     * How long a migration may take. At the 8 MiB/s the label writer sets, moving the ~240 MiB a booted guest has
     * written takes half a minute, and while the writer runs (each write a process in the guest) it dirties pages
     * about as fast as they go, so the migration converges only after the writer's last word: at 4 MiB/s, 60 s
     * timed out now and then, with the migration still active and a few MiB left.
     */
    private static final Duration PATIENCE = Duration.ofSeconds(180);
    /** How long a migration may show no progress at all before it counts as stalled. */
    private static final Duration STALL = Duration.ofSeconds(10);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90); // a TCG guest just migrated can be slow

    private final ScenarioWorld world;
    private final RunningInstances instances;
    private final Map<String, Map<String, String>> views = new LinkedHashMap<>();
    private String migrating;
    private JsonNode lastMigrate;
    private final List<long[]> labelWrites = new CopyOnWriteArrayList<>();
    private long migrationStartNanos;
    private long migrationEndNanos;

    public MigrationSteps(ScenarioWorld world, RunningInstances instances) {
        this.world = world;
        this.instances = instances;
    }

    @After(order = 20000) // before ScenarioHooks removes the scenario's directory
    public void endInstances() {
        instances.closeAll();
    }

    private HypervisorInstance launch(String name, String commandLine) {
        return launchAs(name, name, commandLine);
    }

    /**
     * Starts an instance named {@code instanceName} (its sockets' names) that the scenario calls {@code name}:
     * a machine restored or migrated into a new instance keeps its name in the scenario.
     */
    HypervisorInstance launchAs(String name, String instanceName, String commandLine) {
        String expanded = instances.expandPorts(world.expand(commandLine.strip()));
        ReportAttachments.text(instanceName + " command line", expanded);
        List<String> options = CommandLineTokenizer.split(expanded);
        HypervisorInstance i = world.hypervisorKilled()
                ? world.target().launchInOwnProcess(instanceName, options, world.dir(), world.bootsForReal(),
                        world.guestMayReboot())
                : world.target().launch(instanceName, options, world.dir(), world.bootsForReal(),
                        world.guestMayReboot());
        if (!i.commandLine().isBlank() && !i.commandLine().equals(expanded)) {
            ReportAttachments.text(instanceName + " command line " + world.target().name() + " ran", i.commandLine());
        }
        instances.put(name, i, expanded);
        return i;
    }

    @Given("the {word} machine is running:")
    public void theMachineIsRunning(String name, String commandLine) {
        launch(name, commandLine);
        theMachineIs(name, "running");
    }

    @Given("the {word} machine is waiting for a migration:")
    @Given("a second {word} machine is waiting for a migration:")
    public void waitingForAMigration(String name, String commandLine) {
        launch(name, commandLine);
    }

    @Given("the {word} guest has run:")
    public void theGuestHasRun(String name, DataTable commands) {
        for (String line : commands.asList()) {
            CommandResult r = run(name, line);
            assertThat(r.exitCode()).as("'%s' on the %s guest printed:\n%s", line, name, r.combined()).isZero();
        }
    }

    @Given("what the {word} guest shows is remembered")
    public void rememberView(String name) {
        views.put(name, view(name, viewCommands(name)));
    }

    @Then("the {word} guest shows what the {word} guest showed")
    public void showsWhatTheOtherShowed(String name, String other) {
        assertThat(views).as("remember what the %s guest shows first", other).containsKey(other);
        Map<String, String> now = view(name, views.get(other).keySet());
        now.forEach((command, output) -> assertThat(output).as("'%s' on the %s guest", command, name)
                .isEqualTo(views.get(other).get(command)));
    }

    @Then("the {word} guest still shows what it showed")
    public void stillShows(String name) {
        showsWhatTheOtherShowed(name, name);
    }

    private Map<String, String> view(String name, Collection<String> commands) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String command : commands) {
            CommandResult r = run(name, command);
            assertThat(r.exitCode()).as("'%s' on the %s guest printed:\n%s", command, name, r.combined()).isZero();
            out.put(command, r.stdout());
        }
        ReportAttachments.text("what the " + name + " guest shows", String.join("\n", out.entrySet().stream()
                .map(e -> "# " + e.getKey() + "\n" + e.getValue()).toList()));
        return out;
    }

    /**
     * What a guest shows of its NVDIMMs: its DIMMs and namespaces, every DIMM's labels, and the data on every
     * namespace's block device — for the DIMMs and namespaces it lists now.
     */
    private List<String> viewCommands(String name) {
        // the DIMM list last: a difference in labels or data is the one to report first
        List<String> commands = new ArrayList<>(List.of("ndctl list -N"));
        for (JsonNode d : listed(name, "ndctl list -D", "dimms")) {
            commands.add("ndctl read-labels -j " + d.path("dev").asText());
        }
        List<String> blockDevices = new ArrayList<>();
        for (JsonNode n : listed(name, "ndctl list -N", "namespaces")) {
            if (n.has("blockdev")) {
                blockDevices.add("/dev/" + n.path("blockdev").asText());
            }
        }
        if (!blockDevices.isEmpty()) { // MD5 detects a change as well here, and a TCG guest hashes 32 MiB 0.3 s faster
            commands.add("md5sum " + String.join(" ", blockDevices));
        }
        commands.add("ndctl list -D");
        return commands;
    }

    private JsonNode listed(String name, String command, String key) {
        CommandResult r = run(name, command);
        assertThat(r.exitCode()).as("'%s' on the %s guest printed:\n%s", command, name, r.combined()).isZero();
        try {
            JsonNode n = r.stdout().isBlank() ? JSON.createArrayNode() : JSON.readTree(r.stdout());
            return n.isArray() ? n : n.path(key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CommandResult run(String name, String commandLine) {
        return instances.run(name, commandLine, COMMAND_TIMEOUT);
    }

    private QmpClient qmp(String name) {
        return instances.get(name).qmp();
    }

    @Given("the {word}'s migration bandwidth is limited to {int} MiB\\/s")
    public void bandwidth(String name, int mib) throws IOException {
        qmp(name).execute("migrate-set-parameters", QmpClient.args().put("max-bandwidth", (long) mib << 20));
    }

    /** {@code max-bandwidth} 0: no limit, in QEMU (whose default is 128 MiB/s) as in the reference. */
    @Given("the {word}'s migration bandwidth is unlimited")
    public void unlimitedBandwidth(String name) throws IOException {
        qmp(name).execute("migrate-set-parameters", QmpClient.args().put("max-bandwidth", 0L));
    }

    @Given("the migration capability {string} is on for the {word} and the {word}")
    public void capability(String capability, String a, String b) throws IOException {
        for (String name : List.of(a, b)) {
            var args = QmpClient.args();
            args.putArray("capabilities").addObject().put("capability", capability).put("state", true);
            qmp(name).execute("migrate-set-capabilities", args);
        }
    }

    /** The migration capability on one machine only. */
    @Given("the migration capability {string} is on for the {word}")
    public void capabilityOn(String capability, String name) throws IOException {
        var args = QmpClient.args();
        args.putArray("capabilities").addObject().put("capability", capability).put("state", true);
        qmp(name).execute("migrate-set-capabilities", args);
    }

    /**
     * QMP {@code migrate-incoming} on a machine started with {@code -incoming defer}: it starts listening on the
     * URI, expanded as {@code -incoming} and {@code migrate} URIs are ({@code {dir}}, and {@code {port}} the same
     * port for the whole scenario).
     */
    @When("the {word} listens for the migration on {string}")
    public void listensForTheMigration(String name, String uri) throws IOException {
        qmp(name).execute("migrate-incoming", QmpClient.args().put("uri", instances.expandPorts(world.expand(uri))));
    }

    /**
     * Where the guest runs after a migration ended: on the destination when it completed, else on the source; that
     * machine must come to run (a destination that never leaves {@code inmigrate} leaves the guest running nowhere).
     */
    @Then("the guest runs on the destination if the migration completed and on the {word} if not")
    public void theGuestRunsWhereItShould(String source) {
        String status = awaitMigrationEnd().path("status").asText();
        theMachineIs(status.equals("completed") ? "destination" : source, "running");
    }

    @When("the {word} starts migrating to {string}")
    public void startsMigrating(String name, String uri) throws IOException {
        migrating = name;
        migrationStartNanos = System.nanoTime();
        qmp(name).execute("migrate", QmpClient.args().put("uri", instances.expandPorts(world.expand(uri))));
    }

    @When("the {word} migrates to {string}")
    public void migrates(String name, String uri) throws IOException {
        startsMigrating(name, uri);
        awaitMigrationEnd();
    }

    /**
     * Polls {@code query-migrate} until it reports an end state. A migration whose reply stops changing (the same
     * status and RAM counters) for {@link #STALL} has stalled: even at the 8 MiB/s the slowest scenario sets, some
     * bytes move every poll, so waiting out {@link #PATIENCE} would only cost minutes.
     */
    private JsonNode awaitMigrationEnd() {
        long[] lastChange = {System.nanoTime()};
        String[] progress = {""};
        JsonNode r = poll(() -> queryMigrate(), q -> {
            if (List.of("completed", "failed", "cancelled").contains(q.path("status").asText())) {
                return true;
            }
            String now = q.path("status").asText() + " " + q.path("ram");
            if (!now.equals(progress[0])) {
                progress[0] = now;
                lastChange[0] = System.nanoTime();
            } else if (System.nanoTime() - lastChange[0] > STALL.toNanos()) {
                throw new AssertionError("the migration stalled: query-migrate showed no progress for "
                        + STALL.toSeconds() + " s; last saw " + q);
            }
            return false;
        }, "the migration to end");
        migrationEndNanos = System.nanoTime();
        return r;
    }

    private JsonNode queryMigrate() {
        try {
            lastMigrate = qmp(migrating).execute("query-migrate");
            return lastMigrate;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Then("the migration completes")
    public void theMigrationCompletes() {
        migrationEnds("completed");
    }

    @Then("the migration fails")
    public void theMigrationFails() {
        migrationEnds("failed");
    }

    @Then("the migration ends {string}")
    public void migrationEnds(String status) {
        JsonNode r = awaitMigrationEnd();
        ReportAttachments.text("query-migrate on the " + migrating, r.toPrettyString());
        assertThat(r.path("status").asText()).as("query-migrate said %s", r).isEqualTo(status);
    }

    @Then("the migration fails with {string}")
    public void theMigrationFailsWith(String message) {
        theMigrationFails();
        assertThat(lastMigrate.path("error-desc").asText()).isEqualTo(message);
    }

    @Then("the {word} is {string}")
    public void theMachineIs(String name, String status) {
        JsonNode r = poll(() -> {
            try {
                return qmp(name).execute("query-status");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, q -> q.path("status").asText().equals(status), "the " + name + " to be " + status);
        assertThat(r.path("status").asText()).isEqualTo(status);
    }

    @Then("the {word} fails to load the migration with {string}")
    public void failsToLoadWith(String name, String message) {
        HypervisorInstance i = exited(name);
        assertThat(i.errorOutput()).contains(message).contains("load of migration failed");
    }

    /** The reason a destination gives after "load of migration failed: " begins with {@code message}. */
    @Then("the {word} fails to load the migration with a reason starting {string}")
    public void failsToLoadStarting(String name, String message) {
        HypervisorInstance i = exited(name);
        String marker = "load of migration failed: ";
        assertThat(i.errorOutput().lines().filter(l -> l.contains(marker))
                .map(l -> l.substring(l.indexOf(marker) + marker.length())))
                .as("the reasons the %s gave for failing to load", name).anyMatch(r -> r.startsWith(message));
    }

    /**
     * A destination that refuses a migration, in any hypervisor's words: it ends by itself with a failure status
     * and says something on its standard error.
     */
    @Then("the {word} refuses the migration")
    public void refusesTheMigration(String name) {
        refusesTheMigrationWithin(name, PATIENCE);
    }

    /**
     * {@link #refusesTheMigration}, for a destination whose stream is in hand at once (a saved file): one that has
     * not ended after {@code seconds} will not.
     */
    @Then("the {word} refuses the migration within {int} s")
    public void refusesTheMigrationWithin(String name, int seconds) {
        refusesTheMigrationWithin(name, Duration.ofSeconds(seconds));
    }

    private void refusesTheMigrationWithin(String name, Duration patience) {
        HypervisorInstance i = instances.get(name);
        poll(i::exitStatus, Optional::isPresent, "the " + name + " to exit", patience);
        ReportAttachments.text(name + " standard error", i.errorOutput());
        assertThat(i.exitStatus().orElseThrow()).as("the %s's exit status", name).isNotZero();
        assertThat(i.errorOutput()).as("what the %s said", name).isNotBlank();
    }

    /**
     * Where the guest runs after a migration ended: on the destination when it completed, else on the source.
     * There it must show what the source's guest showed before; a destination that took a migration it should
     * have refused shows here what its guest then sees.
     */
    @Then("the guest shows what the {word} guest showed, on the destination if the migration completed and on the source if not")
    public void theGuestShowsWhereverItRuns(String source) {
        assertThat(views).as("remember what the %s guest shows first", source).containsKey(source);
        String status = awaitMigrationEnd().path("status").asText();
        String where = status.equals("completed") ? "destination" : source;
        for (String command : views.get(source).keySet()) {
            CommandResult r = run(where, command);
            String seen = r.exitCode() == 0 ? r.stdout() : "exit status " + r.exitCode() + ": " + r.combined();
            assertThat(seen).as("after a migration that ended %s, '%s' on the %s guest", status, command, where)
                    .isEqualTo(views.get(source).get(command));
        }
    }

    private HypervisorInstance exited(String name) {
        HypervisorInstance i = instances.get(name);
        poll(i::exitStatus, Optional::isPresent, "the " + name + " to exit");
        ReportAttachments.text(name + " standard error", i.errorOutput());
        assertThat(i.exitStatus()).as("the %s's exit status", name).contains(1);
        return i;
    }

    @When("the {word} is killed once the migration has sent {size}")
    public void killedOnceSent(String name, Long bytes) {
        awaitTransferred(bytes);
        instances.get(name).kill();
    }

    @When("the migration is cancelled once it has sent {size}")
    public void cancelledOnceSent(Long bytes) throws IOException {
        awaitTransferred(bytes);
        qmp(migrating).execute("migrate_cancel");
    }

    private void awaitTransferred(long bytes) {
        JsonNode r = poll(this::queryMigrate, q -> q.path("ram").path("transferred").asLong() >= bytes
                || List.of("completed", "failed", "cancelled").contains(q.path("status").asText()),
                "the migration to send " + bytes + " bytes");
        assertThat(r.path("status").asText()).as("the migration should still be running: %s", r).isEqualTo("active");
    }

    @Then("the migration counted the guest's {size} of RAM to send, but not the NVDIMM's {size} block on top")
    public void countedRam(Long ram, Long nvdimm) {
        long total = lastMigrate.path("ram").path("total").asLong();
        assertThat(total).as("query-migrate's ram.total: %s", lastMigrate).isGreaterThanOrEqualTo(ram)
                .isLessThan(ram + nvdimm);
    }

    @Then("the last {size} of file {string} equal the last {size} of file {string}")
    public void tailsEqual(Long size, String a, Long size2, String b) throws IOException {
        assertThat(world.fileTail(a, size)).isEqualTo(world.fileTail(b, size2));
    }

    /**
     * A writer on the source's console puts word n+1 at label offset {@link #LABEL_WORDS_OFFSET} + 4n, one
     * {@code _DSM} Set Label Data call after another; the migration starts after its first writes. When the
     * source pauses for good (the migration completed) its console stops answering and is closed; the writer ends
     * there. Any other end of the writer — a refused write, a console that fails while the source still runs, a
     * writer that does not stop — fails the step.
     */
    @When("the {word} guest writes label words one after another while the {word} migrates to {string}")
    public void labelWordsDuringMigration(String guest, String source, String uri) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean pausedForGood = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            try {
                writeLabelWords(guest, pausedForGood);
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "label-writer");
        writer.setDaemon(true);
        writer.start();
        poll(() -> labelWrites.size() >= 5 || failure.get() != null, done -> done, "the first label writes");
        if (failure.get() == null) {
            startsMigrating(source, uri);
            JsonNode end = awaitMigrationEnd();
            pausedForGood.set(end.path("status").asText().equals("completed")
                    && qmp(source).execute("query-status").path("status").asText().equals("postmigrate"));
        }
        instances.get(guest).console().close(); // a write waiting on the paused source gives up
        writer.join(COMMAND_TIMEOUT.toMillis());
        if (failure.get() != null) {
            throw new AssertionError("the label writer failed: " + failure.get().getMessage(), failure.get());
        }
        assertThat(writer.isAlive()).as("the label writer is still running after the migration ended").isFalse();
    }

    private void writeLabelWords(String guest, AtomicBoolean pausedForGood) {
        for (int n = 0; n < MAX_LABEL_WORDS; n++) {
            byte[] word = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(n + 1).array();
            CommandResult r;
            try {
                r = instances.get(guest).console().run("nvdimm-dsm nmem0 --function 6 --offset "
                        + (LABEL_WORDS_OFFSET + 4 * n) + " --length 4 --data " + HexFormat.of().formatHex(word),
                        COMMAND_TIMEOUT);
            } catch (IOException | UncheckedIOException e) {
                if (pausedForGood.get()) {
                    return; // the source paused for good and its console was closed
                }
                throw new AssertionError("label write " + n + " got no answer, and the source had not paused for "
                        + "good: " + e, e);
            }
            if (r.exitCode() != 0 || !r.stdout().startsWith("status 0x0\n")) {
                throw new AssertionError("label write " + n + " failed: " + r.combined());
            }
            labelWrites.add(new long[] {n, System.nanoTime()});
        }
    }

    @Then("at least {int} label writes completed while the migration was active")
    public void labelWritesDuringTheMigration(int atLeast) {
        long during = labelWrites.stream().filter(w -> w[1] > migrationStartNanos && w[1] < migrationEndNanos).count();
        ReportAttachments.text("label writes", during + " of the " + labelWrites.size() + " label writes completed "
                + "while the migration was active");
        assertThat(during).as("label writes between migrate and the end of the migration").isGreaterThanOrEqualTo(atLeast);
    }

    @Then("every label word the {word} guest wrote reads back on the {word} guest")
    public void labelWordsReadBack(String source, String destination) {
        int words = labelWrites.size();
        assertThat(words).isPositive();
        byte[] got = new byte[words * 4];
        for (int at = 0; at < got.length; at += 4000) {
            int len = Math.min(4000, got.length - at);
            CommandResult r = run(destination, "nvdimm-dsm nmem0 --function 5 --offset " + (LABEL_WORDS_OFFSET + at)
                    + " --length " + len);
            assertThat(r.stdout()).startsWith("status 0x0\ndata ");
            byte[] data = HexFormat.of().parseHex(r.stdout().substring("status 0x0\ndata ".length()).strip());
            System.arraycopy(data, 0, got, at, len);
        }
        ByteBuffer b = ByteBuffer.wrap(got).order(ByteOrder.LITTLE_ENDIAN);
        List<Integer> missing = new ArrayList<>();
        for (long[] w : labelWrites) {
            if (b.getInt((int) w[0] * 4) != w[0] + 1) {
                missing.add((int) w[0]);
            }
        }
        assertThat(missing).as("label words written on the %s but not on the %s", source, destination).isEmpty();
    }

    private static <T> T poll(Supplier<T> probe, Predicate<T> done, String what) {
        return poll(probe, done, what, PATIENCE);
    }

    private static <T> T poll(Supplier<T> probe, Predicate<T> done, String what, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + patience.toSeconds() + " s for " + what + "; last saw " + last);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
            last = probe.get();
        }
        return last;
    }
}
