package dev.vnvdimm.system.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A monitoring client polling a machine as management software does: {@code query-status},
 * {@code query-memory-devices} and {@code query-migrate}, round after round on its own connection, until stopped.
 * Each reply must be well-formed (see {@link QmpConnection}) and say what the machine is: a run state QEMU names,
 * with {@code running} agreeing; the machine's one NVDIMM; a migration state QEMU names. The first thing wrong
 * ends the poller and goes to {@code failures}.
 */
public final class QmpPoller implements Runnable {
    private static final Set<String> RUN_STATES = Set.of("running", "paused", "postmigrate", "finish-migrate",
            "inmigrate", "prelaunch");
    private static final Set<String> MIGRATION_STATES = Set.of("setup", "active", "device", "completed", "failed",
            "cancelling", "cancelled");

    private final QmpConnection qmp;
    private final String nvdimmId;
    private final long nvdimmSize;
    private final Consumer<Throwable> failures;
    private volatile boolean stop;
    private volatile boolean closed;
    private volatile long replies;

    /** Connects at once, so that a machine with no monitor fails the caller, not the thread. */
    public QmpPoller(Path socket, String name, String nvdimmId, long nvdimmSize, Consumer<Throwable> failures)
            throws IOException {
        this.qmp = new QmpConnection(socket, name);
        this.nvdimmId = nvdimmId;
        this.nvdimmSize = nvdimmSize;
        this.failures = failures;
    }

    @Override
    public void run() {
        try {
            while (!stop) {
                JsonNode status = qmp.execute("query-status", null);
                String state = status.path("status").asText();
                check(RUN_STATES.contains(state) && status.path("running").isBoolean()
                        && status.get("running").asBoolean() == state.equals("running"), "query-status", status);
                JsonNode devices = qmp.execute("query-memory-devices", null);
                check(devices.isArray() && devices.size() == 1
                        && devices.get(0).path("type").asText().equals("nvdimm")
                        && devices.get(0).path("data").path("id").asText().equals(nvdimmId)
                        && devices.get(0).path("data").path("size").asLong() == nvdimmSize,
                        "query-memory-devices", devices);
                JsonNode migration = qmp.execute("query-migrate", null);
                check(migration.isObject() && (migration.isEmpty()
                        || MIGRATION_STATES.contains(migration.path("status").asText())), "query-migrate", migration);
                replies += 3;
            }
        } catch (Throwable e) {
            if (!closed) { // what a close() cut off is reported by whoever closed it
                failures.accept(e);
            }
        }
    }

    private void check(boolean ok, String command, JsonNode reply) {
        if (!ok) {
            throw new IllegalStateException(command + " answered " + reply);
        }
    }

    /** Replies received and checked so far. */
    public long replies() {
        return replies;
    }

    /** The command waiting for its reply, empty when none. */
    public String pending() {
        return qmp.pending();
    }

    /** Stops after the current round; {@link #close()} cuts off one left waiting for an answer. */
    public void stop() {
        stop = true;
    }

    public void close() throws IOException {
        stop = true;
        closed = true;
        qmp.close();
    }
}
