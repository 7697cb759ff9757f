package dev.vnvdimm.emulator.migration;

import dev.vnvdimm.abi.migration.ChannelHeader;
import dev.vnvdimm.abi.migration.MultifdSection;
import dev.vnvdimm.abi.migration.ReturnPath;
import dev.vnvdimm.abi.migration.Section;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The source's multifd channels: one connection and one thread each, which reads, checks and sends the
 * runs of pages handed to it, in order. A channel that fails records why and closes every connection,
 * the main one included, so the migration thread stops wherever it waits and the migration fails.
 */
final class MultifdSender {
    /** Ends a pass on a channel: it sends a SYNC section. */
    private static final PageRun SYNC_RUN = new PageRun(null, -1, 0, false);
    /** Ends a channel's thread. */
    private static final PageRun STOP_RUN = new PageRun(null, -2, 0, false);

    private final List<MigrationUri.Connection> connections = new ArrayList<>();
    private final List<ArrayBlockingQueue<PageRun>> queues = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final MigrationUri.Connection main;
    private final RamSender ram;
    private final SentCounters counters;
    private final BooleanSupplier cancelled;
    private volatile String error;
    private volatile boolean stopping;
    private int next;

    /**
     * Announces {@code channels} multifd channels on the main connection, waits until the destination is ready
     * for them (it refuses when its own multifd capability is off or its channel count differs), then opens
     * them to {@code uri}.
     */
    static MultifdSender start(MigrationUri uri, int channels, MigrationUri.Connection main, RamSender ram,
                               SentCounters counters, BooleanSupplier cancelled) throws IOException {
        long session = ThreadLocalRandom.current().nextLong(); // ties channels to this migration; no secret
        byte[] announce = new MultifdSection(channels, session).encode();
        Section.write(main.out(), Section.MULTIFD, announce);
        counters.sent(Section.HEADER + announce.length + Section.TRAILER);
        String refused = ReturnPath.readSynced(main.in());
        if (refused != null) {
            throw new MigrationException(refused.startsWith(ReturnPath.NO_ANSWER) ? refused
                    : "the destination refused the migration: " + refused);
        }
        return new MultifdSender(uri, channels, session, main, ram, counters, cancelled);
    }

    private MultifdSender(MigrationUri uri, int channels, long session, MigrationUri.Connection main, RamSender ram,
                          SentCounters counters, BooleanSupplier cancelled) throws IOException {
        this.main = main;
        this.ram = ram;
        this.counters = counters;
        this.cancelled = cancelled;
        try {
            for (int i = 0; i < channels; i++) {
                MigrationUri.Connection c = uri.openForWriting();
                connections.add(c);
                ChannelHeader.write(c.out(), session, i);
                counters.sent(ChannelHeader.LENGTH);
            }
        } catch (IOException | RuntimeException e) {
            closeConnections();
            throw new MigrationException("multifd channel " + connections.size() + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < channels; i++) {
            int index = i;
            queues.add(new ArrayBlockingQueue<>(4));
            Thread t = new Thread(() -> run(index), "multifd-send-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
    }

    /** Why a channel failed, or null. */
    String error() {
        return error;
    }

    /** Hands a run to the next channel, waiting while it is busy with earlier ones. */
    void send(PageRun run) throws IOException {
        put(next, run);
        next = (next + 1) % queues.size();
    }

    /** Every channel ends the pass with a SYNC section, after its last run of the pass. */
    void endPass() throws IOException {
        for (int i = 0; i < queues.size(); i++) {
            put(i, SYNC_RUN);
        }
    }

    private void put(int channel, PageRun run) throws IOException {
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
        if (cancelled.getAsBoolean()) {
            throw new MigrationException("migration was cancelled");
        }
        if (error != null) {
            throw new MigrationException(error);
        }
    }

    private void run(int index) {
        ByteBuffer staging = RamSender.newStaging();
        WritableByteChannel out = connections.get(index).out();
        try {
            while (true) {
                PageRun run = queues.get(index).take();
                if (run == STOP_RUN) {
                    return;
                }
                if (run == SYNC_RUN) {
                    Section.write(out, Section.SYNC, new byte[0]);
                    counters.sent(Section.HEADER + Section.TRAILER);
                } else {
                    ram.send(out, staging, run);
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
