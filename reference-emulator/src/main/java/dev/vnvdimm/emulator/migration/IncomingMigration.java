package dev.vnvdimm.emulator.migration;

import dev.vnvdimm.acpi.migration.ChannelHeader;
import dev.vnvdimm.acpi.migration.DeviceStateSection;
import dev.vnvdimm.acpi.migration.MigrationStream;
import dev.vnvdimm.acpi.migration.MigrationStreamException;
import dev.vnvdimm.acpi.migration.MultifdSection;
import dev.vnvdimm.acpi.migration.RamHeader;
import dev.vnvdimm.acpi.migration.ReturnPath;
import dev.vnvdimm.acpi.migration.Section;
import dev.vnvdimm.emulator.hostmem.MappedMemory;
import dev.vnvdimm.emulator.hostmem.Progress;
import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.emulator.vmstate.Snapshottable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The destination side ({@code -incoming URI}): read the header, check the CONFIG section against this
 * machine before writing one byte of its memory, then load RAM, device and guest state section by section,
 * each only after its CRC checked out, until END. A refused or broken stream leaves the machine unstarted.
 */
public final class IncomingMigration {
    private final Machine machine;
    private volatile MigrationStatus status = MigrationStatus.SETUP;
    private volatile String error = "";
    private volatile byte[] guestState = new byte[0];
    private volatile long received;
    /** Where SYNC sections are answered; null on a stream without a return path. */
    private WritableByteChannel returnPath;

    private Progress progress = Progress.NONE;
    /** QEMU's multifd-channels when this destination's multifd capability is on, else 0. */
    private int multifdChannels;
    /** Where the multifd channels connect (the main connection's listener, still listening); null without. */
    private MigrationUri.Listener channelListener;
    private final List<MigrationUri.Connection> channels = new CopyOnWriteArrayList<>();
    private final List<Thread> channelLoaders = new CopyOnWriteArrayList<>();
    /** Guards the channels' progress: SYNC sections loaded per channel, and the first channel failure. */
    private final Object channelLock = new Object();
    private int[] channelSyncs = new int[0];
    private String channelError;
    private volatile boolean channelsDone;
    /** SYNC sections loaded on the main connection. */
    private int mainSyncs;

    public IncomingMigration(Machine machine) {
        this.machine = machine;
    }

    /**
     * QEMU's {@code multifd} capability with {@code multifd-channels} on this destination (0: off). As in
     * QEMU, source and destination must agree: a source with another setting is refused, and says why.
     */
    public IncomingMigration withMultifd(int channels) {
        this.multifdChannels = channels;
        return this;
    }

    /** Where loading shows how far it got. */
    public IncomingMigration withProgress(Progress progress) {
        this.progress = progress;
        return this;
    }

    /**
     * Reads one whole migration from the connection and, on a socket, answers the source; throws why it was
     * refused.
     */
    public void load(MigrationUri.Connection connection) throws MigrationException {
        load(connection, null);
    }

    /**
     * As {@link #load(MigrationUri.Connection)}, with the multifd channels accepted on {@code listener} (the
     * one that accepted {@code connection}, still listening; null when there is none).
     */
    public void load(MigrationUri.Connection connection, MigrationUri.Listener listener) throws MigrationException {
        channelListener = listener;
        try {
            returnPath = connection.hasReturnPath() ? connection.out() : null;
            if (multifdChannels > 0 && !connection.hasReturnPath()) {
                fail(MigrationUri.NEEDS_MULTI_CHANNEL);
                throw new MigrationException(MigrationUri.NEEDS_MULTI_CHANNEL);
            }
            load(connection.in());
            if (connection.hasReturnPath()) {
                answer(connection, null);
            }
        } catch (MigrationException e) {
            if (connection.hasReturnPath()) {
                answer(connection, e.getMessage());
                drain(connection.in());
            }
            throw e;
        } finally {
            stopChannels();
        }
    }

    /** Closes the multifd channels once the migration is loaded or lost; nothing they read after counts. */
    private void stopChannels() {
        channelsDone = true;
        for (MigrationUri.Connection c : channels) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing all of them regardless
            }
        }
        for (Thread t : channelLoaders) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Reads the rest of a refused stream to its end: closing a TCP socket with unread data resets it, and the
     * reset could destroy the answer before the source reads it. Nothing read here is used.
     */
    private static void drain(ReadableByteChannel in) {
        ByteBuffer sink = ByteBuffer.allocate(1 << 16);
        try {
            while (in.read(sink.clear()) >= 0) {
                // discarded
            }
        } catch (IOException e) {
            // the source hung up: done
        }
    }

    private static void answer(MigrationUri.Connection c, String error) {
        try {
            ReturnPath.writeReturn(c.out(), error);
        } catch (IOException e) {
            // the source is gone; nothing to tell it
        }
    }

    /** Reads one whole migration from {@code stream}; throws why it was refused. */
    public void load(InputStream stream) throws MigrationException {
        load(Channels.newChannel(stream));
    }

    /** Reads one whole migration from {@code in}; throws why it was refused. */
    public void load(ReadableByteChannel in) throws MigrationException {
        ByteBuffer staging = Section.stagingBuffer();
        try {
            String type = MigrationStream.readHeader(in);
            if (!type.equals(machine.type().alias())) {
                throw new MigrationException("machine type mismatch: the source is " + type + ", this machine is "
                        + machine.type().alias());
            }
            Section config = Section.read(in, staging);
            if (config.type() != Section.CONFIG) {
                throw new MigrationException("corrupt migration stream: it does not start with its CONFIG section");
            }
            MachineDescription.of(machine).acceptFrom(MachineDescription.fromJson(config.bytes()));
            status = MigrationStatus.ACTIVE;
            long total = machine.ramBlocks().stream().mapToLong(b -> b.memory().size()).sum();
            try (Progress.Task shown = progress.start("incoming migration", total)) {
                loadSections(in, staging, shown, total);
            }
        } catch (MigrationException | MigrationStreamException e) {
            // a stream the codec refused is refused as this destination's own checks refuse one
            String why = channelFailure();
            fail(why != null ? why : e.getMessage());
            throw why == null && e instanceof MigrationException m ? m
                    : new MigrationException(why != null ? why : e.getMessage(), e);
        } catch (IOException e) {
            String why = channelFailure();
            fail(why != null ? why : "migration stream broke off: " + e.getMessage());
            throw new MigrationException(error, e);
        }
    }

    /**
     * Why a multifd channel failed, if one did: the main stream then breaks off as the source gives up, often
     * before the channel's own thread has said why, so it is given a moment.
     */
    private String channelFailure() {
        long deadline = System.nanoTime() + 1_000_000_000L;
        synchronized (channelLock) {
            while (channelError == null && !channels.isEmpty() && channelLoaders.stream().anyMatch(Thread::isAlive)
                    && System.nanoTime() < deadline) {
                try {
                    channelLock.wait(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return channelError;
        }
    }

    private void loadSections(ReadableByteChannel in, ByteBuffer staging, Progress.Task shown, long total)
            throws IOException {
        Map<String, MappedMemory> blocks = new HashMap<>();
        for (Machine.RamBlock b : machine.ramBlocks()) {
            blocks.put(b.id(), b.memory());
            holes.put(b.id(), OutgoingMigration.knownZeroPages(b));
        }
        boolean first = true;
        while (true) {
            Section s = Section.read(in, staging);
            count(s.payload().remaining() + Section.HEADER + Section.TRAILER, 0, null, 0);
            if (first && multifdChannels > 0 && s.type() != Section.MULTIFD) {
                throw new MigrationException("the multifd capability is on here but the source migrates without it:"
                        + " enable multifd on both sides, or on neither");
            }
            first = false;
            switch (s.type()) {
                case Section.RAM -> count(0, loadPages(s.payload(), blocks), shown, total);
                case Section.MULTIFD -> acceptChannels(s.payload(), blocks, shown, total);
                case Section.DEVICE_STATE -> restoreDevice(s.payload());
                case Section.GUEST_STATE -> guestState = s.bytes();
                case Section.SYNC -> {
                    awaitChannels(++mainSyncs);
                    if (returnPath != null) {
                        ReturnPath.writeSynced(returnPath);
                    }
                }
                case Section.END -> {
                    awaitChannels(mainSyncs); // (the last pass's barrier: the stop-and-copy came on this connection)
                    status = MigrationStatus.COMPLETED;
                    return;
                }
                default -> throw new MigrationException("corrupt migration stream: unknown section type "
                        + s.type());
            }
        }
    }

    /** One DEVICE_STATE section: the device of that id here restores its own bytes. */
    private void restoreDevice(ByteBuffer payload) throws MigrationException {
        DeviceStateSection section;
        try {
            section = DeviceStateSection.read(payload);
        } catch (BufferUnderflowException e) {
            throw new MigrationException("corrupt migration stream: a DEVICE_STATE section is shorter than its header");
        }
        Snapshottable device = machine.devicesWithState().stream().filter(d -> d.id().equals(section.deviceId()))
                .findFirst().orElseThrow(() -> new MigrationException("the source sends the state of device '"
                        + section.deviceId() + "', which this machine does not have"));
        try {
            device.restore(section.stateBytes());
        } catch (IllegalArgumentException e) {
            throw new MigrationException("corrupt migration stream: device '" + section.deviceId() + "': "
                    + e.getMessage());
        }
    }

    private void fail(String message) {
        error = message;
        status = MigrationStatus.FAILED;
    }

    private long loaded;

    /** Counts bytes received and guest bytes loaded, from the main thread or a channel's. */
    private synchronized void count(long receivedBytes, long loadedBytes, Progress.Task shown, long total) {
        received += receivedBytes;
        loaded += loadedBytes;
        if (shown != null) {
            shown.doneBytes(Math.min(loaded, total));
        }
    }

    /**
     * The MULTIFD section: checks that this destination migrates with the same channels, tells the source it
     * is ready for them, accepts them and starts loading each on a thread of its own.
     */
    private void acceptChannels(ByteBuffer payload, Map<String, MappedMemory> blocks, Progress.Task shown,
                                long total) throws IOException {
        int n;
        long session;
        try {
            MultifdSection multifd = MultifdSection.read(payload);
            n = multifd.channels();
            session = multifd.session();
        } catch (BufferUnderflowException e) {
            throw new MigrationException("corrupt migration stream: a MULTIFD section is too short");
        }
        if (multifdChannels == 0) {
            throw new MigrationException("the source migrates with multifd on " + n + " channels but the multifd "
                    + "capability is off here: enable it with migrate-set-capabilities on the destination too");
        }
        if (n != multifdChannels) {
            throw new MigrationException("multifd-channels mismatch: the source uses " + n + " channels, this "
                    + "destination " + multifdChannels);
        }
        if (channels.size() > 0 || channelListener == null || returnPath == null) {
            throw new MigrationException(channels.size() > 0 ? "corrupt migration stream: a second MULTIFD section"
                    : MigrationUri.NEEDS_MULTI_CHANNEL);
        }
        ReturnPath.writeSynced(returnPath);
        synchronized (channelLock) {
            channelSyncs = new int[n];
        }
        boolean[] seen = new boolean[n];
        for (int i = 0; i < n; i++) {
            MigrationUri.Connection c = channelListener.acceptChannel();
            channels.add(c);
            int index = ChannelHeader.read(c.in(), session);
            if (index >= n || seen[index]) {
                throw new MigrationException("corrupt migration stream: multifd channel " + index + " of " + n
                        + " connected " + (index >= n ? "" : "twice"));
            }
            seen[index] = true;
            count(ChannelHeader.LENGTH, 0, null, 0);
            Thread t = new Thread(() -> loadChannel(index, c, blocks, shown, total), "multifd-recv-" + index);
            t.setDaemon(true);
            channelLoaders.add(t);
            t.start();
        }
    }

    /** Loads one channel's RAM sections until it is closed; counts its SYNC sections. */
    private void loadChannel(int index, MigrationUri.Connection c, Map<String, MappedMemory> blocks,
                             Progress.Task shown, long total) {
        ReadableByteChannel in = c.in();
        ByteBuffer staging = Section.stagingBuffer();
        try {
            while (true) {
                Section s = Section.read(in, staging);
                count(s.payload().remaining() + Section.HEADER + Section.TRAILER,
                        0, null, 0);
                switch (s.type()) {
                    case Section.RAM -> count(0, loadPages(s.payload(), blocks), shown, total);
                    case Section.SYNC -> {
                        synchronized (channelLock) {
                            channelSyncs[index]++;
                            channelLock.notifyAll();
                        }
                    }
                    default -> throw new MigrationException("corrupt migration stream: a section of type " + s.type()
                            + " on a multifd channel");
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!channelsDone) {
                synchronized (channelLock) {
                    if (channelError == null) {
                        channelError = "multifd channel " + index + ": "
                                + (e.getMessage() == null ? e.toString() : e.getMessage());
                    }
                    channelLock.notifyAll();
                }
                try {
                    c.close(); // the source sees its channel fail and gives up
                } catch (IOException | RuntimeException ignored) {
                    // already gone
                }
            }
        }
    }

    /** With multifd, waits until every channel has loaded its {@code syncs}-th SYNC (at once without). */
    private void awaitChannels(int syncs) throws IOException {
        synchronized (channelLock) {
            while (channelError == null && Arrays.stream(channelSyncs).anyMatch(n -> n < syncs)) {
                try {
                    channelLock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new MigrationException("migration was interrupted");
                }
            }
            if (channelError != null) {
                throw new MigrationException(channelError);
            }
        }
    }
    /** Pages known to be zero here without reading them (file holes, unpopulated anonymous memory), kept up to date as pages load. */
    private final Map<String, BitSet> holes = new HashMap<>();

    /** Loads one RAM section; the bytes of guest memory it covers. */
    private long loadPages(ByteBuffer payload, Map<String, MappedMemory> blocks) throws IOException {
        try {
            RamHeader header = RamHeader.read(payload);
            String name = header.blockId();
            MappedMemory mem = blocks.get(name);
            if (mem == null) {
                throw new MigrationException("Unknown ramblock \"" + name + "\", cannot accept migration");
            }
            long offset = header.offset();
            int count = header.pageCount();
            int kind = header.kind();
            // whole pages, every one inside the block: QEMU too refuses a page at or past a block's end
            if (offset < 0 || offset % RamHeader.PAGE != 0 || count < 1
                    || offset / RamHeader.PAGE + count > mem.pages()) {
                throw outside(offset, name);
            }
            long bytes = Math.min((long) count * RamHeader.PAGE, mem.size() - offset);
            if (kind == RamHeader.PAGES_DATA && payload.remaining() < bytes) {
                throw outside(offset, name);
            }
            ByteBuffer data = kind == RamHeader.PAGES_ZERO ? null : payload.slice().limit((int) bytes);
            BitSet shared = holes.get(name);
            int firstPage = (int) (offset / RamHeader.PAGE);
            int pageCount = (int) ((bytes + RamHeader.PAGE - 1) / RamHeader.PAGE);
            if (kind == RamHeader.PAGES_ZERO) {
                // holes are zero unread; a run of other pages is read in place, and only a run that is not zero
                // already is cleared (writing a hole would allocate it in a sparse file). Multifd channels load
                // disjoint pages of one pass, but share the bit set: each works on a copy of its own run's bits.
                BitSet hole;
                synchronized (shared) {
                    hole = shared.get(firstPage, firstPage + pageCount); // bit i: page firstPage + i
                }
                for (int i = hole.nextClearBit(0); i < pageCount; i = hole.nextClearBit(i)) {
                    int runEnd = hole.nextSetBit(i) < 0 ? pageCount : Math.min(pageCount, hole.nextSetBit(i));
                    int page = firstPage + i;
                    long at = (long) page * RamHeader.PAGE;
                    long len = Math.min((long) (runEnd - i) * RamHeader.PAGE, offset + bytes - at);
                    if (!mem.isZero(at, len)) {
                        if (!mem.isWritable()) {
                            throw readOnlyDiffers(name);
                        }
                        mem.fill(at, len, (byte) 0);
                    }
                    i = runEnd;
                }
            } else if (!mem.isWritable()) {
                // ROM here: it can only take pages it already holds
                ByteBuffer here = ByteBuffer.allocate((int) bytes);
                mem.readInto(offset, here);
                if (!here.flip().equals(data)) {
                    throw readOnlyDiffers(name);
                }
            } else {
                mem.writeFrom(offset, data);
                synchronized (shared) {
                    shared.clear(firstPage, firstPage + pageCount);
                }
            }
            return bytes;
        } catch (BufferUnderflowException e) {
            throw new MigrationException("corrupt migration stream: a RAM section is shorter than its header");
        }
    }

    private static MigrationException outside(long offset, String name) {
        return new MigrationException(String.format("corrupt migration stream: pages at 0x%x outside ramblock \"%s\"",
                offset, name));
    }

    private static MigrationException readOnlyDiffers(String name) {
        return new MigrationException("ramblock \"" + name + "\" is read-only here and its content differs from the "
                + "source's");
    }

    /**
     * As QEMU does after loading ({@code ram_load_cleanup}): write file-backed RAM back to its files. It makes
     * the loaded state durable, not visible (the shared mappings already are the files' pages), so the guest
     * may run while it happens.
     */
    public void writeBack() {
        for (Machine.RamBlock b : machine.ramBlocks()) {
            b.backend().ifPresent(backend -> {
                if (backend.shared() && !backend.isReadOnly()) {
                    backend.sync(0, backend.size());
                }
            });
        }
    }

    public MigrationStatus status() {
        return status;
    }

    public String error() {
        return error;
    }

    public byte[] guestState() {
        return guestState.clone();
    }

    public long receivedBytes() {
        return received;
    }
}
