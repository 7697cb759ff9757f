package dev.vnvdimm.emulator.migration;

import dev.vnvdimm.acpi.migration.ChannelHeader;
import dev.vnvdimm.acpi.migration.DeviceStateSection;
import dev.vnvdimm.acpi.migration.MigrationStream;
import dev.vnvdimm.acpi.migration.MultifdSection;
import dev.vnvdimm.acpi.migration.RamHeader;
import dev.vnvdimm.acpi.migration.ReturnPath;
import dev.vnvdimm.acpi.migration.Section;
import dev.vnvdimm.emulator.hostmem.MappedMemory;
import dev.vnvdimm.emulator.hostmem.MemoryBackendFile;
import dev.vnvdimm.emulator.hostmem.Progress;
import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.emulator.vmstate.Snapshottable;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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
    private volatile long transferred;
    /** What is left of the current pass: its dirty pages not sent yet (query-migrate's {@code remaining}). */
    private volatile long remainingBytes;
    private volatile long normalPages;
    private volatile long zeroPages;
    private volatile int dirtySyncCount;
    private long totalBytes;
    private Thread worker;
    private volatile Closeable connection;
    private volatile long maxBandwidth;
    private Progress progress = Progress.NONE;
    private Progress.Task progressTask;
    private long processedBytes;
    private volatile boolean live = true;
    /** QEMU's multifd-channels when the multifd capability is on, else 0. */
    private int multifdChannels;
    private volatile Multifd multifd;

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
            Multifd m = multifd;
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
        progressTask = task;
        try (MigrationUri.Connection c = conn; task) {
            try {
                WritableByteChannel out = c.out();
                connection = c;
                MigrationStream.writeHeader(out, machine.type().alias());
                section(out, Section.CONFIG, description.toJson());
                if (multifdChannels > 0) {
                    startMultifd(c);
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
                long sentBeforePause = transferred;
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
                pausedBytes = transferred - sentBeforePause;
                status = MigrationStatus.COMPLETED;
                endMillis = System.currentTimeMillis();
                onCompleted.run();
            } catch (IOException | RuntimeException e) {
                throw new MigrationException(whyItBroke(e, c), e); // while the connection is still open
            }
        } catch (IOException | RuntimeException e) {
            fail(e, paused);
        } finally {
            Multifd m = multifd;
            if (m != null) {
                m.close();
            }
            for (Machine.RamBlock b : blocks) {
                b.memory().stopDirtyLog();
            }
        }
    }

    /** Writes one section and counts it in {@code transferred}. */
    private void section(WritableByteChannel out, int type, byte[] payload) throws IOException {
        Section.write(out, type, payload);
        account(payload.length + Section.HEADER + Section.TRAILER);
    }

    private synchronized void account(long wireBytes) {
        transferred += wireBytes;
    }

    /** Counts one run of pages sent (by the migration thread, or by a multifd channel's). */
    private synchronized void account(boolean zero, int count, long wireBytes, long guestBytes) {
        if (zero) {
            zeroPages += count;
        } else {
            normalPages += count;
        }
        transferred += wireBytes;
        processedBytes += guestBytes;
        progressTask.doneBytes(Math.min(processedBytes, totalBytes));
    }

    /**
     * Announces the multifd channels on the main connection, waits until the destination is ready for them
     * (it refuses when its own multifd capability is off or its channel count differs), then opens them.
     */
    private void startMultifd(MigrationUri.Connection c) throws IOException {
        long session = ThreadLocalRandom.current().nextLong(); // ties channels to this migration; no secret
        section(c.out(), Section.MULTIFD, new MultifdSection(multifdChannels, session).encode());
        String refused = ReturnPath.readSynced(c.in());
        if (refused != null) {
            throw new MigrationException(refused.startsWith("the destination closed") ? refused
                    : "the destination refused the migration: " + refused);
        }
        multifd = new Multifd(multifdChannels, session, c);
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
            throw new MigrationException(refused.startsWith("the destination closed") ? refused
                    : "the destination refused the migration: " + refused);
        }
    }

    /**
     * Why the migration broke. When the stream itself broke, the destination may have said why before it hung
     * up: its answer is read from the connection, which must still be open.
     */
    private String whyItBroke(Exception e, MigrationUri.Connection c) {
        Multifd m = multifd;
        if (m != null && m.error != null && !cancel) {
            return m.error; // the channel's failure closed the main connection too
        }
        String why = e.getMessage() == null ? e.toString() : e.getMessage();
        if (!cancel && !(e instanceof MigrationException) && c.hasReturnPath()) {
            String refused = ReturnPath.readReturn(c.in());
            if (refused != null && !refused.startsWith("the destination closed")) {
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
     * Pages known to be zero without reading them: the first pass sends them as zero pages unread. For a
     * shared backing file, its holes ({@code lseek SEEK_DATA/SEEK_HOLE}); for private anonymous memory, the
     * pages never populated (pagemap).
     */
    private List<BitSet> holes;

    static List<BitSet> holePages(List<Machine.RamBlock> blocks) {
        List<BitSet> out = new ArrayList<>();
        for (Machine.RamBlock b : blocks) {
            out.add(knownZeroPages(b));
        }
        return out;
    }

    /** The pages of one RAM block that read as zero without being read (see {@link #holes}). */
    static BitSet knownZeroPages(Machine.RamBlock b) {
        return b.backend().filter(x -> x instanceof MemoryBackendFile)
                .map(x -> ((MemoryBackendFile) x).holePages(RamHeader.PAGE))
                .orElseGet(() -> b.memory().unpopulatedPages());
    }

    private static List<BitSet> takeDirty(List<Machine.RamBlock> blocks) {
        List<BitSet> out = new ArrayList<>();
        for (Machine.RamBlock b : blocks) {
            out.add(b.memory().takeDirty());
        }
        return out;
    }

    /**
     * Sends the dirty pages, a run of at most {@link MigrationStream#MAX_PAGES_PER_SECTION} per RAM section:
     * on the main connection, or with multifd (unless {@code onMain}) handed round the channels, each of which
     * ends the pass with a SYNC section.
     */
    private void sendPages(WritableByteChannel out, List<Machine.RamBlock> blocks, List<BitSet> dirty,
                           boolean onMain) throws IOException {
        dirtySyncCount++;
        remainingBytes = dirty.stream().mapToLong(BitSet::cardinality).sum() * RamHeader.PAGE;
        Multifd m = onMain ? null : multifd;
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
                if (m == null) {
                    sendRun(out, pages, block, p, count, inHole);
                } else {
                    m.send(new Run(block, p, count, inHole));
                }
                throttle();
                p = d.nextSetBit(end);
            }
        }
        if (m != null) {
            m.endPass();
        }
    }

    /**
     * Sends one run of pages as a RAM section on {@code out}. The run is first copied out of guest memory
     * into {@code staging}, so the CRC covers exactly the bytes sent even while the guest keeps writing (a
     * page it changes afterwards is dirty again and goes in a later pass). Zero pages are told in place,
     * before any copy; pages known to be zero ({@code inHole}) are not read at all.
     */
    private void sendRun(WritableByteChannel out, ByteBuffer staging, Machine.RamBlock block, int p, int count,
                         boolean inHole) throws IOException {
        MappedMemory mem = block.memory();
        long offset = (long) p * RamHeader.PAGE;
        int bytes = (int) Math.min((long) count * RamHeader.PAGE, mem.size() - offset);
        staging.clear().limit(count * RamHeader.PAGE);
        boolean zero = inHole || mem.isZero(offset, bytes);
        if (!zero) {
            mem.readInto(offset, staging.duplicate().limit(bytes));
            for (int z = bytes; z < count * RamHeader.PAGE; z++) {
                staging.put(z, (byte) 0); // the tail of a last partial page
            }
        }
        ByteBuffer head = new RamHeader(block.id(), offset, count,
                zero ? RamHeader.PAGES_ZERO : RamHeader.PAGES_DATA).encode();
        if (zero) {
            Section.write(out, Section.RAM, head);
        } else {
            Section.write(out, Section.RAM, head, staging);
        }
        account(zero, count, head.limit() + (zero ? 0 : staging.remaining()) + Section.HEADER
                + Section.TRAILER, bytes);
    }

    /** Staging for one run of pages, outside the Java heap so the socket takes it without another copy. */
    private final ByteBuffer pages = newStaging();

    private static ByteBuffer newStaging() {
        return ByteBuffer.allocateDirect(RamHeader.MAX_PAGES_PER_SECTION * RamHeader.PAGE)
                .order(ByteOrder.nativeOrder());
    }

    /** One run of pages for a multifd channel; {@link #SYNC_RUN} ends a pass, {@link #STOP_RUN} the channel. */
    private record Run(Machine.RamBlock block, int firstPage, int count, boolean inHole) {
    }

    private static final Run SYNC_RUN = new Run(null, -1, 0, false);
    private static final Run STOP_RUN = new Run(null, -2, 0, false);

    /**
     * The source's multifd channels: one connection and one thread each, which reads, checks and sends the
     * runs of pages handed to it, in order. A channel that fails records why and closes every connection,
     * the main one included, so the migration thread stops wherever it waits and the migration fails.
     */
    private final class Multifd {
        private final List<MigrationUri.Connection> connections = new ArrayList<>();
        private final List<ArrayBlockingQueue<Run>> queues = new ArrayList<>();
        private final List<Thread> threads = new ArrayList<>();
        private final MigrationUri.Connection main;
        private volatile String error;
        private volatile boolean stopping;
        private int next;

        Multifd(int channels, long session, MigrationUri.Connection main) throws IOException {
            this.main = main;
            try {
                for (int i = 0; i < channels; i++) {
                    MigrationUri.Connection c = uri.openForWriting();
                    connections.add(c);
                    ChannelHeader.write(c.out(), session, i);
                    account(ChannelHeader.LENGTH);
                }
            } catch (IOException | RuntimeException e) {
                closeConnections();
                throw new MigrationException("multifd channel " + connections.size() + ": " + e.getMessage(), e);
            }
            for (int i = 0; i < channels; i++) {
                int index = i;
                queues.add(new ArrayBlockingQueue<>(4));
                Thread t = new Thread(() -> send(index), "multifd-send-" + i);
                t.setDaemon(true);
                threads.add(t);
            }
            threads.forEach(Thread::start);
        }

        /** Hands a run to the next channel, waiting while it is busy with earlier ones. */
        void send(Run run) throws IOException {
            put(next, run);
            next = (next + 1) % queues.size();
        }

        /** Every channel ends the pass with a SYNC section, after its last run of the pass. */
        void endPass() throws IOException {
            for (int i = 0; i < queues.size(); i++) {
                put(i, SYNC_RUN);
            }
        }

        private void put(int channel, Run run) throws IOException {
            try {
                while (!queues.get(channel).offer(run, 50, TimeUnit.MILLISECONDS)) {
                    check();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MigrationException("migration was interrupted");
            }
            check();
        }

        private void check() throws MigrationException {
            if (cancel) {
                throw new MigrationException("migration was cancelled");
            }
            if (error != null) {
                throw new MigrationException(error);
            }
        }

        private void send(int index) {
            ByteBuffer staging = newStaging();
            WritableByteChannel out = connections.get(index).out();
            try {
                while (true) {
                    Run run = queues.get(index).take();
                    if (run == STOP_RUN) {
                        return;
                    }
                    if (run == SYNC_RUN) {
                        Section.write(out, Section.SYNC, new byte[0]);
                        account(Section.HEADER + Section.TRAILER);
                    } else {
                        sendRun(out, staging, run.block(), run.firstPage(), run.count(), run.inHole());
                    }
                }
            } catch (InterruptedException e) {
                // stopped
            } catch (IOException | RuntimeException e) {
                if (!stopping && error == null) {
                    error = "multifd channel " + index + ": "
                            + (e.getMessage() == null ? e.toString() : e.getMessage());
                    closeConnections();
                    try {
                        main.close();
                    } catch (IOException ignored) {
                        // the migration thread reports the channel's error
                    }
                }
            }
        }

        void closeConnections() {
            for (MigrationUri.Connection c : connections) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // closing all of them regardless
                }
            }
        }

        /** Stops the channels' threads and closes their connections (after the migration ended either way). */
        void close() {
            stopping = true;
            for (int i = 0; i < threads.size(); i++) {
                if (!queues.get(i).offer(STOP_RUN)) {
                    threads.get(i).interrupt();
                }
            }
            for (Thread t : threads) {
                try {
                    t.join(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                t.interrupt();
            }
            closeConnections();
        }
    }

    /** Sleeps while the live passes are ahead of {@code max-bandwidth}. */
    private void throttle() throws MigrationException {
        long limit = maxBandwidth;
        if (limit <= 0 || !live) {
            return;
        }
        long dueMillis = transferred * 1000 / limit;
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
        return new Stats(status, end - startMillis, setupMillis, downtimeMillis, transferred, remainingBytes,
                totalBytes, normalPages, zeroPages, dirtySyncCount, error);
    }

    /** A snapshot of the counters. */
    public record Stats(MigrationStatus status, long totalTimeMillis, long setupTimeMillis, long downtimeMillis,
                        long transferredBytes, long remainingBytes, long totalBytes, long normalPages,
                        long zeroPages, int dirtySyncCount, String error) {
    }
}
