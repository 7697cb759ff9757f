package dev.vnvdimm.emulator.migration;

import dev.vnvdimm.abi.migration.ChannelHeader;
import dev.vnvdimm.abi.migration.Section;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The destination's multifd channels: accepted on the main connection's listener, each loaded by a thread of
 * its own, and the barrier that holds a pass's SYNC on the main connection until every channel has loaded its
 * own SYNC of that pass.
 */
final class MultifdReceiver {
    /** Counts bytes received and guest bytes loaded. */
    interface Counts {
        void add(long receivedBytes, long loadedBytes);
    }

    private final RamLoader ram;
    private final Counts counts;
    private final List<MigrationUri.Connection> channels = new CopyOnWriteArrayList<>();
    private final List<Thread> loaders = new CopyOnWriteArrayList<>();
    /** Guards the channels' progress: SYNC sections loaded per channel, and the first channel failure. */
    private final Object lock = new Object();
    private final int[] syncs;
    private String error;
    private volatile boolean done;

    MultifdReceiver(int channels, RamLoader ram, Counts counts) {
        this.ram = ram;
        this.counts = counts;
        this.syncs = new int[channels];
    }

    /** Accepts every channel of migration {@code session} on {@code listener} and starts loading it. */
    void accept(MigrationUri.Listener listener, long session) throws IOException {
        int n = syncs.length;
        boolean[] seen = new boolean[n];
        for (int i = 0; i < n; i++) {
            MigrationUri.Connection c = listener.acceptChannel();
            channels.add(c);
            int index = ChannelHeader.read(c.in(), session);
            if (index >= n || seen[index]) {
                throw new MigrationException("corrupt migration stream: multifd channel " + index + " of " + n
                        + " connected " + (index >= n ? "" : "twice"));
            }
            seen[index] = true;
            counts.add(ChannelHeader.LENGTH, 0);
            Thread t = new Thread(() -> load(index, c), "multifd-recv-" + index);
            t.setDaemon(true);
            loaders.add(t);
            t.start();
        }
    }

    /** Loads one channel's RAM sections until it is closed; counts its SYNC sections. */
    private void load(int index, MigrationUri.Connection c) {
        ReadableByteChannel in = c.in();
        Section.Staging staging = new Section.Staging();
        try {
            while (true) {
                Section s = Section.read(in, staging);
                counts.add(s.wireLength(), 0);
                switch (s.type()) {
                    case Section.RAM -> counts.add(0, ram.load(s.payload()));
                    case Section.SYNC -> {
                        synchronized (lock) {
                            syncs[index]++;
                            lock.notifyAll();
                        }
                    }
                    default -> throw new MigrationException("corrupt migration stream: a section of type " + s.type()
                            + " on a multifd channel");
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!done) {
                synchronized (lock) {
                    if (error == null) {
                        error = "multifd channel " + index + ": "
                                + (e.getMessage() == null ? e.toString() : e.getMessage());
                    }
                    lock.notifyAll();
                }
                try {
                    c.close(); // the source sees its channel fail and gives up
                } catch (IOException | RuntimeException ignored) {
                    // already gone
                }
            }
        }
    }

    /** Waits until every channel has loaded its {@code n}-th SYNC; throws why a channel failed. */
    void awaitSyncs(int n) throws IOException {
        synchronized (lock) {
            while (error == null && Arrays.stream(syncs).anyMatch(k -> k < n)) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new MigrationException("migration was interrupted");
                }
            }
            if (error != null) {
                throw new MigrationException(error);
            }
        }
    }

    /**
     * Why a channel failed, if one did: the main stream then breaks off as the source gives up, often
     * before the channel's own thread has said why, so it is given a moment.
     */
    String failure() {
        long deadline = System.nanoTime() + 1_000_000_000L;
        synchronized (lock) {
            while (error == null && !channels.isEmpty() && loaders.stream().anyMatch(Thread::isAlive)
                    && System.nanoTime() < deadline) {
                try {
                    lock.wait(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return error;
        }
    }

    /** Closes the channels once the migration is loaded or lost; nothing they read after counts. */
    void stop() {
        done = true;
        for (MigrationUri.Connection c : channels) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing all of them regardless
            }
        }
        for (Thread t : loaders) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
