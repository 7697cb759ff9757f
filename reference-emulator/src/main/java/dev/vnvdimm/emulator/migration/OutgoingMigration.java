package dev.vnvdimm.emulator.migration;

import dev.vnvdimm.abi.migration.DeviceStateSection;
import dev.vnvdimm.abi.migration.MigrationStream;
import dev.vnvdimm.abi.migration.RamHeader;
import dev.vnvdimm.abi.migration.ReturnPath;
import dev.vnvdimm.abi.migration.Section;
import dev.vnvdimm.emulator.hostmem.MappedMemory;
import dev.vnvdimm.emulator.hostmem.Progress;
import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.emulator.vmstate.Snapshottable;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.Supplier;

/**
 * The source side of a live migration (pre-copy): send the CONFIG section, then every page of every RAM
 * block while the guest runs, then the pages it dirtied meanwhile, pass after pass, until what is left is
 * small; then pause the guest, send the rest with the device and guest state and END. Any failure — refused,
 * cancelled, connection lost — resumes the guest if the migration had paused it: the source keeps running.
 */
public final class OutgoingMigration {
    /** Stop iterating when a pass leaves at most this many dirty pages (1 MiB). */
    static final int STOP_AND_COPY_PAGES = 256;
    static final int MAX_PASSES = 30;

    private final Machine machine;
    private final MigrationUri uri;
    private final boolean ignoreShared;
    private final Supplier<byte[]> guestState;
    private final Runnable onCompleted;
    private volatile MigrationStatus status = MigrationStatus.SETUP;
    private volatile String error = "";
    private volatile boolean cancel;
    private final long startMillis = System.currentTimeMillis();
    private volatile long endMillis;
    private volatile long setupMillis;
    private volatile long downtimeMillis;
    /** Bytes sent while the guest was paused (the stop-and-copy phase). */
    private volatile long pausedBytes;
    private final SentCounters counters = new SentCounters();
    private final RamSender ram = new RamSender(counters);
    /** What is left of the current pass: its dirty pages not sent yet (query-migrate's {@code remaining}). */
    private volatile long remainingBytes;
    private volatile int dirtySyncCount;
    private long totalBytes;
    private Thread worker;
    private volatile Closeable connection;
    private volatile long maxBandwidth;
    private Progress progress = Progress.NONE;
    private volatile boolean live = true;
    /** QEMU's multifd-channels when the multifd capability is on, else 0. */
    private int multifdChannels;
    private volatile MultifdSender multifd;

    /**
     * @param guestState  the running guest's state, taken while it is paused (GUEST_STATE section)
     * @param onCompleted what to do once the destination has everything (the source stays paused)
     */
    public OutgoingMigration(Machine machine, MigrationUri uri, boolean ignoreShared, Supplier<byte[]> guestState,
                             Runnable onCompleted) {
        this.machine = machine;
        this.uri = uri;
        this.ignoreShared = ignoreShared;
        this.guestState = guestState;
        this.onCompleted = onCompleted;
    }

    /**
     * QEMU's {@code max-bandwidth} (bytes per second, 0 for no limit): caps the live passes; the final
     * stop-and-copy goes at full speed, as QEMU's completion stage does, so the limit never lengthens downtime.
     */
    public OutgoingMigration withMaxBandwidth(long bytesPerSecond) {
        this.maxBandwidth = bytesPerSecond;
        return this;
    }

    /**
     * QEMU's {@code multifd} capability with {@code multifd-channels}: RAM pages travel on that many further
     * connections to the same address (0: off, one connection as without the capability). Only sockets have
     * further connections: on {@code file:} and {@code exec:} the migration fails with QEMU's words.
     */
    public OutgoingMigration withMultifd(int channels) {
        this.multifdChannels = channels;
        return this;
    }

    /** Where the migration shows how far it got (a terminal bar for {@code vnvdimm emu}). */
    public OutgoingMigration withProgress(Progress progress) {
        this.progress = progress;
        return this;
    }

    public synchronized void start() {
        worker = new Thread(this::run, "migration");
        worker.setDaemon(true);
        worker.start();
    }

    /** Blocks until the migration ended (completed, failed or cancelled). */
    public void await() throws InterruptedException {
        worker.join();
    }

    /** Cancels a running migration; a send blocked on a destination that stopped reading is cut off. */
    public void cancel() {
        cancel = true;
        if (!status.finished()) {
            status = MigrationStatus.CANCELLING;
            Closeable c = connection;
            if (c != null) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // the worker reports the cancellation
                }
            }
            MultifdSender m = multifd;
            if (m != null) {
                m.closeConnections();
            }
        }
    }

    // "try": the connection is closed in the body on purpose, before the migration counts as completed (the
    // stream is whole only once closed, and the downtime ends there); the try closes it again on every other path
    @SuppressWarnings("try")
    private void run() {
        boolean paused = false;
        List<Machine.RamBlock> blocks = new ArrayList<>();
        MachineDescription description = MachineDescription.of(machine, ignoreShared);
        for (int i = 0; i < description.ramBlocks().size(); i++) {
            if (description.ramBlocks().get(i).sent()) {
                blocks.add(machine.ramBlocks().get(i));
            }
        }
        totalBytes = blocks.stream().mapToLong(b -> b.memory().size()).sum();
        MigrationUri.Connection conn = null;
        try {
            if (multifdChannels > 0 && !uri.supportsMultipleChannels()) {
                throw new MigrationException(MigrationUri.NEEDS_MULTI_CHANNEL);
            }
            conn = uri.openForWriting();
        } catch (IOException e) {
            fail(e, false);
            return;
        }
        Progress.Task task = progress.start("migration to " + uri.scheme() + ":" + uri.target(), totalBytes);
        counters.showOn(task, totalBytes);
        try (MigrationUri.Connection c = conn; task) {
            try {
                WritableByteChannel out = c.out();
                connection = c;
                MigrationStream.writeHeader(out, machine.type().alias());
                section(out, Section.CONFIG, description.toJson());
                if (multifdChannels > 0) {
                    multifd = MultifdSender.start(uri, multifdChannels, c, ram, counters, () -> cancel);
                }
                for (Machine.RamBlock b : blocks) {
                    b.memory().startDirtyLog();
                }
                // what the paused guest will need, done once now: its first call may cost milliseconds
                guestState.get();
                setupMillis = System.currentTimeMillis() - startMillis;
                status = MigrationStatus.ACTIVE;
                List<BitSet> dirty = takeDirty(blocks);
                holes = holePages(blocks); // after the log started: a hole written from now on is dirty again
                for (int pass = 0; ; pass++) {
                    sendPages(out, blocks, dirty, false);
                    holes = null;
                    sync(c);
                    dirty = takeDirty(blocks);
                    long pending = dirty.stream().mapToLong(BitSet::cardinality).sum();
                    if (pending <= STOP_AND_COPY_PAGES || pass + 1 >= MAX_PASSES) {
                        break;
                    }
                }
                // Downtime, as QEMU counts it: from stopping the vCPUs to the end of the source's side, which
                // here includes the destination's answer on the return path (QEMU with a return path waits
                // for it too): the source reports completed, and stays paused, only once the destination
                // accepted. It is short because the last SYNC left the destination nothing but this phase to load.
                // On file: and exec: (no return path) it ends once the file is closed or the command exited.
                long pausedAt = System.nanoTime();
                long sentBeforePause = counters.transferred();
                boolean alreadyPaused = machine.vcpu().isPaused();
                machine.vcpu().pause();
                paused = !alreadyPaused;
                live = false;
                status = MigrationStatus.DEVICE;
                List<BitSet> last = takeDirty(blocks);
                for (int i = 0; i < last.size(); i++) {
                    last.get(i).or(dirty.get(i));
                }
                // with multifd too, on the main connection: a few pages, and no hand-over to other threads while
                // the guest is paused; the last SYNC has left nothing older in flight on the channels
                sendPages(out, blocks, last, true);
                for (Snapshottable d : machine.devicesWithState()) {
                    section(out, Section.DEVICE_STATE,
                            new DeviceStateSection(d.id(), ByteBuffer.wrap(d.snapshot())).encode());
                }
                section(out, Section.GUEST_STATE, guestState.get());
                section(out, Section.END, new byte[0]);
                long doneAt;
                if (c.hasReturnPath()) {
                    String refused = ReturnPath.readReturn(c.in());
                    if (refused != null) {
                        throw new MigrationException("the destination refused the migration: " + refused);
                    }
                    doneAt = System.nanoTime(); // accepted: the socket's close is cleanup, as in QEMU
                    c.close();
                } else {
                    // only now is the stream whole: a file once closed, an exec: command once it exited with 0
                    c.close();
                    doneAt = System.nanoTime();
                }
                downtimeMillis = Math.max(0, (doneAt - pausedAt) / 1_000_000);
                pausedBytes = counters.transferred() - sentBeforePause;
                status = MigrationStatus.COMPLETED;
                endMillis = System.currentTimeMillis();
                onCompleted.run();
            } catch (IOException | RuntimeException e) {
                throw new MigrationException(whyItBroke(e, c), e); // while the connection is still open
            }
        } catch (IOException | RuntimeException e) {
            fail(e, paused);
        } finally {
            MultifdSender m = multifd;
            if (m != null) {
                m.close();
            }
            for (Machine.RamBlock b : blocks) {
                b.memory().stopDirtyLog();
            }
        }
    }

    /** Writes one section and counts it. */
    private void section(WritableByteChannel out, int type, byte[] payload) throws IOException {
        Section.write(out, type, payload);
        counters.sent(payload.length + Section.HEADER + Section.TRAILER);
    }

    /**
     * On a connection with a return path, waits until the destination has loaded everything sent so far, so
     * that it has no backlog left when the guest is paused (a destination that checks zero pages in a file
     * without holes loads far slower than the source sends them, and its answer ends the downtime).
     */
    private void sync(MigrationUri.Connection c) throws IOException {
        if (!c.hasReturnPath()) {
            return;
        }
        section(c.out(), Section.SYNC, new byte[0]);
        String refused = ReturnPath.readSynced(c.in());
        if (refused != null) {
            throw new MigrationException(refused.startsWith(ReturnPath.NO_ANSWER) ? refused
                    : "the destination refused the migration: " + refused);
        }
    }

    /**
     * Why the migration broke. When the stream itself broke, the destination may have said why before it hung
     * up: its answer is read from the connection, which must still be open.
     */
    private String whyItBroke(Exception e, MigrationUri.Connection c) {
        MultifdSender m = multifd;
        if (m != null && m.error() != null && !cancel) {
            return m.error(); // the channel's failure closed the main connection too
        }
        String why = e.getMessage() == null ? e.toString() : e.getMessage();
        if (!cancel && !(e instanceof MigrationException) && c.hasReturnPath()) {
            String refused = ReturnPath.readReturn(c.in());
            if (refused != null && !refused.startsWith(ReturnPath.NO_ANSWER)) {
                why = "the destination refused the migration: " + refused;
            }
        }
        return why;
    }

    private void fail(Exception e, boolean paused) {
        error = cancel ? "migration was cancelled" : (e.getMessage() == null ? e.toString() : e.getMessage());
        status = cancel ? MigrationStatus.CANCELLED : MigrationStatus.FAILED;
        endMillis = System.currentTimeMillis();
        if (paused) {
            machine.vcpu().resume();
        }
    }

    /**
     * Pages known to be zero without reading them ({@link KnownZeroPages}): the first pass sends them as zero
     * pages unread.
     */
    private List<BitSet> holes;

    static List<BitSet> holePages(List<Machine.RamBlock> blocks) {
        List<BitSet> out = new ArrayList<>();
        for (Machine.RamBlock b : blocks) {
            out.add(KnownZeroPages.of(b));
        }
        return out;
    }

    private static List<BitSet> takeDirty(List<Machine.RamBlock> blocks) {
        List<BitSet> out = new ArrayList<>();
        for (Machine.RamBlock b : blocks) {
            out.add(b.memory().takeDirty());
        }
        return out;
    }

    /**
     * Sends the dirty pages, a run of at most {@link RamHeader#MAX_PAGES_PER_SECTION} per RAM section:
     * on the main connection, or with multifd (unless {@code onMain}) handed round the channels, each of which
     * ends the pass with a SYNC section.
     */
    private void sendPages(WritableByteChannel out, List<Machine.RamBlock> blocks, List<BitSet> dirty,
                           boolean onMain) throws IOException {
        dirtySyncCount++;
        remainingBytes = dirty.stream().mapToLong(BitSet::cardinality).sum() * RamHeader.PAGE;
        MultifdSender m = onMain ? null : multifd;
        for (int i = 0; i < blocks.size(); i++) {
            Machine.RamBlock block = blocks.get(i);
            MappedMemory mem = block.memory();
            BitSet d = dirty.get(i);
            BitSet hole = holes == null ? new BitSet() : holes.get(i);
            for (int p = d.nextSetBit(0); p >= 0; ) {
                if (cancel) {
                    throw new MigrationException("migration was cancelled");
                }
                int end = p;
                boolean inHole = hole.get(p);
                while (end < mem.pages() && d.get(end) && hole.get(end) == inHole
                        && end - p < RamHeader.MAX_PAGES_PER_SECTION) {
                    end++;
                }
                int count = end - p;
                remainingBytes -= (long) count * RamHeader.PAGE; // handed on: no longer remaining
                PageRun run = new PageRun(block, p, count, inHole);
                if (m == null) {
                    ram.send(out, pages, run);
                } else {
                    m.send(run);
                }
                throttle();
                p = d.nextSetBit(end);
            }
        }
        if (m != null) {
            m.endPass();
        }
    }

    /** Staging for the runs of pages the migration thread sends itself. */
    private final ByteBuffer pages = RamSender.newStaging();

    /** Sleeps while the live passes are ahead of {@code max-bandwidth}. */
    private void throttle() throws MigrationException {
        long limit = maxBandwidth;
        if (limit <= 0 || !live) {
            return;
        }
        long dueMillis = counters.transferred() * 1000 / limit;
        long elapsed = System.currentTimeMillis() - startMillis - setupMillis;
        if (dueMillis > elapsed) {
            try {
                Thread.sleep(dueMillis - elapsed);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MigrationException("migration was interrupted");
            }
        }
    }

    /** Bytes of the stream sent while the guest was paused: the last dirty pages, device and guest state, END. */
    public long pausedBytes() {
        return pausedBytes;
    }

    public MigrationStatus status() {
        return status;
    }

    public String error() {
        return error;
    }

    /** Counters as {@code query-migrate} reports them. */
    public Stats stats() {
        long end = endMillis == 0 ? System.currentTimeMillis() : endMillis;
        return new Stats(status, end - startMillis, setupMillis, downtimeMillis, counters.transferred(),
                remainingBytes, totalBytes, counters.normalPages(), counters.zeroPages(), dirtySyncCount, error);
    }

    /** A snapshot of the counters. */
    public record Stats(MigrationStatus status, long totalTimeMillis, long setupTimeMillis, long downtimeMillis,
                        long transferredBytes, long remainingBytes, long totalBytes, long normalPages,
                        long zeroPages, int dirtySyncCount, String error) {
    }
}
