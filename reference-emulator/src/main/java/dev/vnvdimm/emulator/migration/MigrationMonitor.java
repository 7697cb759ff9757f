package dev.vnvdimm.emulator.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vnvdimm.abi.migration.RamHeader;
import dev.vnvdimm.emulator.hostmem.Progress;
import dev.vnvdimm.emulator.qmp.MachineMonitor;
import dev.vnvdimm.emulator.qmp.QmpError;
import dev.vnvdimm.emulator.qmp.RunState;
import java.util.function.Supplier;

/**
 * The migration commands of the QMP monitor, as QEMU spells them: {@code migrate}, {@code query-migrate},
 * {@code migrate_cancel}, {@code migrate-set-capabilities} and {@code query-migrate-capabilities}
 * ({@code x-ignore-shared}, {@code multifd}), {@code migrate-set-parameters} and {@code query-migrate-parameters}
 * ({@code max-bandwidth}, unlimited by default where QEMU defaults to 128 MiB/s; {@code multifd-channels},
 * 2 by default as in QEMU). On the destination, {@code query-migrate} reports the incoming side, and
 * {@code migrate-incoming} starts listening on a machine started with {@code -incoming defer}.
 */
public final class MigrationMonitor {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final MachineMonitor monitor;
    private final Supplier<byte[]> guestState;
    private final Progress progress;
    private volatile boolean ignoreShared;
    private volatile long maxBandwidth;
    private volatile boolean multifd;
    /** QEMU's default. */
    private volatile int multifdChannels = 2;
    private volatile OutgoingMigration outgoing;
    private volatile IncomingMigration incoming;
    /** Starts listening for the incoming migration; null where this monitor has no way to (no machine to feed). */
    private volatile IncomingStarter incomingStarter;
    /** Whether the incoming migration was started (QEMU's "once"), by {@code -incoming URI} or migrate-incoming. */
    private volatile boolean incomingStarted;
    private volatile boolean exitOnError = true;

    /** What {@code migrate-incoming} (and {@code -incoming URI}) does: listen on the URI and load what comes in. */
    @FunctionalInterface
    public interface IncomingStarter {
        /** @throws MigrationException when it cannot listen there, with the reason a client is told */
        void start(MigrationUri uri) throws MigrationException;
    }

    /** QEMU's words when the machine is not a waiting destination. */
    public static final String NO_INCOMING = "'-incoming' was not specified on the command line";
    /** QEMU's words for a second start of the incoming migration. */
    public static final String INCOMING_STARTED = "The incoming migration has already been started";

    public MigrationMonitor(MachineMonitor monitor, Supplier<byte[]> guestState) {
        this(monitor, guestState, Progress.NONE);
    }

    /** @param progress where a migration shows how far it got */
    public MigrationMonitor(MachineMonitor monitor, Supplier<byte[]> guestState,
                            Progress progress) {
        this.progress = progress;
        this.monitor = monitor;
        this.guestState = guestState;
        var qmp = monitor.qmp();
        qmp.register("migrate", this::migrate);
        qmp.register("query-migrate", a -> queryMigrate());
        qmp.register("migrate_cancel", a -> {
            OutgoingMigration m = outgoing;
            if (m != null) {
                m.cancel();
            }
            return NODES.objectNode();
        });
        qmp.register("migrate-incoming", this::migrateIncoming);
        qmp.register("migrate-set-capabilities", this::setCapabilities);
        qmp.register("migrate-set-parameters", a -> {
            for (var it = a.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!name.equals("max-bandwidth") && !name.equals("multifd-channels")) {
                    throw QmpError.generic("Parameter '" + name + "' is unexpected");
                }
            }
            if (a.has("multifd-channels")) {
                JsonNode n = a.get("multifd-channels");
                if (!n.canConvertToInt()) {
                    throw QmpError.generic("Invalid parameter type for 'multifd-channels', expected: integer");
                }
                if (n.asInt() < 1 || n.asInt() > 255) {
                    throw QmpError.generic("Parameter 'multifd_channels' expects a value between 1 and 255");
                }
            }
            if (a.has("max-bandwidth")) {
                if (!a.get("max-bandwidth").canConvertToLong() || a.get("max-bandwidth").asLong() < 0) {
                    throw QmpError.generic("Invalid parameter type for 'max-bandwidth', expected: integer");
                }
                maxBandwidth = a.get("max-bandwidth").asLong();
            }
            if (a.has("multifd-channels")) {
                multifdChannels = a.get("multifd-channels").asInt();
            }
            return NODES.objectNode();
        });
        qmp.register("query-migrate-parameters", a -> NODES.objectNode().put("max-bandwidth", maxBandwidth)
                .put("multifd-channels", multifdChannels));
        qmp.register("query-migrate-capabilities", a -> {
            var list = NODES.arrayNode();
            list.addObject().put("capability", "x-ignore-shared").put("state", ignoreShared);
            list.addObject().put("capability", "multifd").put("state", multifd);
            return list;
        });
    }

    /** How this machine listens for an incoming migration ({@code migrate-incoming}). */
    public void setIncomingStarter(IncomingStarter starter) {
        this.incomingStarter = starter;
    }

    /**
     * Starts the incoming migration on {@code uri}, as {@code -incoming URI} does at start-up and
     * {@code migrate-incoming} later on a machine started with {@code -incoming defer}: once only, and only while
     * the machine waits for a migration ({@code inmigrate}). A start that fails (a URI that cannot listen) does
     * not count, and may be tried again, as in QEMU.
     */
    public synchronized void startIncoming(MigrationUri uri) throws MigrationException {
        if (incomingStarted) {
            throw new MigrationException(INCOMING_STARTED);
        }
        if (monitor.state() != RunState.INMIGRATE || incomingStarter == null) {
            throw new MigrationException(NO_INCOMING);
        }
        if (multifd && !uri.supportsMultipleChannels()) {
            throw new MigrationException(MigrationUri.NEEDS_MULTI_CHANNEL);
        }
        incomingStarter.start(uri);
        incomingStarted = true;
    }

    /**
     * {@code migrate-incoming}: QAPI's checks of the arguments first ({@code uri}, or since QEMU 9.0 a
     * {@code channels} list, and {@code exit-on-error}), then "once" and the run state, then where to listen. A
     * listen that fails may be tried again, as QEMU 5.2 and 7.2 allow (10.0 and 11.1 refuse every later start
     * with "Illegal migration incoming state: setup": the kit declares that a known defect).
     */
    private JsonNode migrateIncoming(ObjectNode args) throws QmpError {
        for (var it = args.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!name.equals("uri") && !name.equals("channels") && !name.equals("exit-on-error")) {
                throw QmpError.generic("Parameter '" + name + "' is unexpected");
            }
        }
        if (args.has("exit-on-error") && !args.get("exit-on-error").isBoolean()) {
            throw QmpError.generic("Invalid parameter type for 'exit-on-error', expected: boolean");
        }
        // QEMU checks "once" and the run state before it looks at where to listen
        if (monitor.state() != RunState.INMIGRATE || incomingStarter == null) {
            throw QmpError.generic(NO_INCOMING);
        }
        if (incomingStarted) {
            throw QmpError.generic(INCOMING_STARTED);
        }
        boolean hasUri = args.hasNonNull("uri");
        boolean hasChannels = args.has("channels") && !(args.get("channels").isArray() && args.get("channels").isEmpty());
        if (hasUri == hasChannels) {
            throw QmpError.generic(MigrationChannel.URI_OR_CHANNELS);
        }
        try {
            MigrationUri uri = hasUri ? MigrationUri.parse(args.get("uri").asText())
                    : MigrationChannel.parse(args.get("channels"));
            exitOnError = args.path("exit-on-error").asBoolean(true);
            startIncoming(uri);
        } catch (MigrationException e) {
            throw QmpError.generic(e.getMessage());
        }
        return NODES.objectNode();
    }

    /**
     * Whether a failed incoming migration ends the process ({@code exit-on-error}, true by default and for
     * {@code -incoming URI}); when false the destination stays, waiting, and {@code query-migrate} says why.
     */
    public boolean exitOnError() {
        return exitOnError;
    }

    /** The destination's incoming migration, so {@code query-migrate} can report it. */
    public void setIncoming(IncomingMigration in) {
        this.incoming = in;
    }

    /**
     * The multifd channels a migration uses now, as the capability and parameter are set: 0 when the
     * {@code multifd} capability is off. The destination reads it when the source connects, so it must be set
     * before {@code migrate} is issued on the source, as in QEMU.
     */
    public int multifdChannels() {
        return multifd ? multifdChannels : 0;
    }

    public OutgoingMigration outgoing() {
        return outgoing;
    }

    private JsonNode migrate(ObjectNode args) throws QmpError {
        if (!args.hasNonNull("uri")) {
            throw QmpError.generic("Parameter 'uri' is missing");
        }
        OutgoingMigration current = outgoing;
        if (current != null && !current.status().finished()) {
            throw QmpError.generic("There's a migration process in progress");
        }
        if (monitor.state() == RunState.INMIGRATE) {
            throw QmpError.generic("Guest is waiting for an incoming migration");
        }
        MigrationUri uri;
        try {
            uri = MigrationUri.parse(args.get("uri").asText());
        } catch (MigrationException e) {
            throw QmpError.generic(e.getMessage());
        }
        if (multifd && !uri.supportsMultipleChannels()) {
            throw QmpError.generic(MigrationUri.NEEDS_MULTI_CHANNEL);
        }
        OutgoingMigration m = new OutgoingMigration(monitor.machine(), uri, ignoreShared, guestState, () -> {
            monitor.setState(RunState.POSTMIGRATE);
            monitor.qmp().emit("STOP", null);
        }).withMaxBandwidth(maxBandwidth).withMultifd(multifdChannels()).withProgress(progress);
        outgoing = m;
        monitor.qmp().emit("MIGRATION", NODES.objectNode().put("status", "setup"));
        m.start();
        return NODES.objectNode();
    }

    private JsonNode setCapabilities(ObjectNode args) throws QmpError {
        JsonNode caps = args.get("capabilities");
        if (caps == null || !caps.isArray()) {
            throw QmpError.generic("Parameter 'capabilities' is missing");
        }
        for (JsonNode c : caps) {
            String name = c.path("capability").asText();
            if (!name.equals("x-ignore-shared") && !name.equals("multifd")) {
                throw QmpError.generic("Parameter 'capability' does not accept value '" + name + "'");
            }
        }
        OutgoingMigration current = outgoing;
        if (current != null && !current.status().finished()) {
            throw QmpError.generic("There's a migration process in progress");
        }
        for (JsonNode c : caps) {
            if (c.path("capability").asText().equals("multifd")) {
                multifd = c.path("state").asBoolean();
            } else {
                ignoreShared = c.path("state").asBoolean();
            }
        }
        return NODES.objectNode();
    }

    private JsonNode queryMigrate() {
        ObjectNode r = NODES.objectNode();
        IncomingMigration in = incoming;
        OutgoingMigration out = outgoing;
        if (out != null) {
            OutgoingMigration.Stats s = out.stats();
            r.put("status", s.status().qmpName());
            r.put("total-time", s.totalTimeMillis());
            if (s.status() == MigrationStatus.COMPLETED) {
                r.put("downtime", s.downtimeMillis());
            } else if (!s.status().finished()) {
                r.put("expected-downtime", 0);
            }
            r.put("setup-time", s.setupTimeMillis());
            ObjectNode ram = r.putObject("ram");
            ram.put("transferred", s.transferredBytes());
            ram.put("remaining", s.remainingBytes());
            ram.put("total", s.totalBytes());
            ram.put("duplicate", s.zeroPages());
            ram.put("normal", s.normalPages());
            ram.put("normal-bytes", s.normalPages() * RamHeader.PAGE);
            ram.put("dirty-sync-count", s.dirtySyncCount());
            double seconds = Math.max(1, s.totalTimeMillis()) / 1000.0;
            ram.put("mbps", s.transferredBytes() * 8 / 1e6 / seconds);
            if (!s.error().isEmpty()) {
                r.put("error-desc", s.error());
            }
        } else if (in != null) {
            r.put("status", in.status().qmpName());
            if (!in.error().isEmpty()) {
                r.put("error-desc", in.error());
            }
        }
        return r;
    }
}
