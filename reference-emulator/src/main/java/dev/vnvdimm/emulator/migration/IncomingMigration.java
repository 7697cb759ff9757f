package dev.vnvdimm.emulator.migration;

import dev.vnvdimm.abi.migration.DeviceStateSection;
import dev.vnvdimm.abi.migration.MigrationStream;
import dev.vnvdimm.abi.migration.MigrationStreamException;
import dev.vnvdimm.abi.migration.MultifdSection;
import dev.vnvdimm.abi.migration.ReturnPath;
import dev.vnvdimm.abi.migration.Section;
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
    /** The multifd channels, once the MULTIFD section announced them; null without. */
    private volatile MultifdReceiver multifd;
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
        MultifdReceiver m = multifd;
        if (m != null) {
            m.stop();
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
        Section.Staging staging = new Section.Staging();
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

    /** Why a multifd channel failed, if one did (see {@link MultifdReceiver#failure}). */
    private String channelFailure() {
        MultifdReceiver m = multifd;
        return m == null ? null : m.failure();
    }

    private void loadSections(ReadableByteChannel in, Section.Staging staging, Progress.Task shown, long total)
            throws IOException {
        RamLoader ram = new RamLoader(machine);
        boolean first = true;
        while (true) {
            Section s = Section.read(in, staging);
            count(s.wireLength(), 0, null, 0);
            if (first && multifdChannels > 0 && s.type() != Section.MULTIFD) {
                throw new MigrationException("the multifd capability is on here but the source migrates without it:"
                        + " enable multifd on both sides, or on neither");
            }
            first = false;
            switch (s.type()) {
                case Section.RAM -> count(0, ram.load(s.payload()), shown, total);
                case Section.MULTIFD -> acceptChannels(s.payload(), ram, shown, total);
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
    private void acceptChannels(ByteBuffer payload, RamLoader ram, Progress.Task shown, long total)
            throws IOException {
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
        if (multifd != null || channelListener == null || returnPath == null) {
            throw new MigrationException(multifd != null ? "corrupt migration stream: a second MULTIFD section"
                    : MigrationUri.NEEDS_MULTI_CHANNEL);
        }
        ReturnPath.writeSynced(returnPath);
        MultifdReceiver m = new MultifdReceiver(n, ram, (receivedBytes, loadedBytes) ->
                count(receivedBytes, loadedBytes, loadedBytes == 0 ? null : shown, total));
        multifd = m; // before accepting: a failure midway closes the channels accepted so far
        m.accept(channelListener, session);
    }

    /** With multifd, waits until every channel has loaded its {@code syncs}-th SYNC (at once without). */
    private void awaitChannels(int syncs) throws IOException {
        MultifdReceiver m = multifd;
        if (m != null) {
            m.awaitSyncs(syncs);
        }
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
