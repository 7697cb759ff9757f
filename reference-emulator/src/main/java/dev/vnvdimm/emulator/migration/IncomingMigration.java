package dev.vnvdimm.emulator.migration;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vnvdimm.emulator.hostmem.MappedMemory;
import dev.vnvdimm.emulator.hostmem.Progress;
import dev.vnvdimm.emulator.machine.Machine;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

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
    private java.nio.channels.WritableByteChannel returnPath;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Progress progress = Progress.NONE;

    public IncomingMigration(Machine machine) {
        this.machine = machine;
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
        try {
            returnPath = connection.hasReturnPath() ? connection.out() : null;
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
            MigrationStream.writeReturn(c.out(), error);
        } catch (IOException e) {
            // the source is gone; nothing to tell it
        }
    }

    /** Reads one whole migration from {@code stream}; throws why it was refused. */
    public void load(java.io.InputStream stream) throws MigrationException {
        load(java.nio.channels.Channels.newChannel(stream));
    }

    /** Reads one whole migration from {@code in}; throws why it was refused. */
    public void load(ReadableByteChannel in) throws MigrationException {
        ByteBuffer staging = MigrationStream.stagingBuffer();
        try {
            String type = MigrationStream.readHeader(in);
            if (!type.equals(machine.type().alias())) {
                throw new MigrationException("machine type mismatch: the source is " + type + ", this machine is "
                        + machine.type().alias());
            }
            MigrationStream.Section config = MigrationStream.readSection(in, staging);
            if (config.type() != MigrationStream.CONFIG) {
                throw new MigrationException("corrupt migration stream: it does not start with its CONFIG section");
            }
            MachineDescription.of(machine).acceptFrom(MachineDescription.fromJson(config.bytes()));
            // the DEVICE_STATE section arrives while the source is paused: its first decoding costs milliseconds
            JSON.readValue(JSON.writeValueAsBytes(new DeviceState(false)), DeviceState.class);
            status = MigrationStatus.ACTIVE;
            long total = machine.ramBlocks().stream().mapToLong(b -> b.memory().size()).sum();
            try (Progress.Task shown = progress.start("incoming migration", total)) {
                loadSections(in, staging, shown, total);
            }
        } catch (MigrationException e) {
            fail(e.getMessage());
            throw e;
        } catch (IOException e) {
            fail("migration stream broke off: " + e.getMessage());
            throw new MigrationException(error, e);
        }
    }

    private void loadSections(ReadableByteChannel in, ByteBuffer staging, Progress.Task shown, long total)
            throws IOException {
        Map<String, MappedMemory> blocks = new HashMap<>();
        for (Machine.RamBlock b : machine.ramBlocks()) {
            blocks.put(b.id(), b.memory());
            holes.put(b.id(), b.backend().filter(x -> x instanceof dev.vnvdimm.emulator.hostmem.MemoryBackendFile)
                    .map(x -> ((dev.vnvdimm.emulator.hostmem.MemoryBackendFile) x).holePages(MigrationStream.PAGE))
                    .orElseGet(java.util.BitSet::new));
        }
        while (true) {
            MigrationStream.Section s = MigrationStream.readSection(in, staging);
            received += s.payload().remaining() + MigrationStream.SECTION_HEADER + MigrationStream.SECTION_TRAILER;
            switch (s.type()) {
                case MigrationStream.RAM -> {
                    loaded += loadPages(s.payload(), blocks);
                    shown.doneBytes(Math.min(loaded, total));
                }
                case MigrationStream.DEVICE_STATE -> {
                    DeviceState d = JSON.readValue(s.bytes(), DeviceState.class);
                    machine.nvdimmAcpi().ifPresent(a -> a.fit().setDirty(d.fitDirty()));
                }
                case MigrationStream.GUEST_STATE -> guestState = s.bytes();
                case MigrationStream.SYNC -> {
                    if (returnPath != null) {
                        MigrationStream.writeSynced(returnPath);
                    }
                }
                case MigrationStream.END -> {
                    status = MigrationStatus.COMPLETED;
                    return;
                }
                default -> throw new MigrationException("corrupt migration stream: unknown section type "
                        + s.type());
            }
        }
    }

    private void fail(String message) {
        error = message;
        status = MigrationStatus.FAILED;
    }

    private long loaded;
    /** Pages of shared backing files that are holes here (zero without reading), kept up to date as pages load. */
    private final Map<String, java.util.BitSet> holes = new HashMap<>();

    /** Loads one RAM section; the bytes of guest memory it covers. */
    private long loadPages(ByteBuffer payload, Map<String, MappedMemory> blocks) throws IOException {
        try {
            byte[] id = new byte[Short.toUnsignedInt(payload.getShort())];
            payload.get(id);
            String name = new String(id, StandardCharsets.UTF_8);
            MappedMemory mem = blocks.get(name);
            if (mem == null) {
                throw new MigrationException("Unknown ramblock \"" + name + "\", cannot accept migration");
            }
            long offset = payload.getLong();
            int count = payload.getInt();
            int kind = Byte.toUnsignedInt(payload.get());
            // whole pages, every one inside the block: QEMU too refuses a page at or past a block's end
            if (offset < 0 || offset % MigrationStream.PAGE != 0 || count < 1
                    || offset / MigrationStream.PAGE + count > mem.pages()) {
                throw outside(offset, name);
            }
            long bytes = Math.min((long) count * MigrationStream.PAGE, mem.size() - offset);
            if (kind == MigrationStream.PAGES_DATA && payload.remaining() < bytes) {
                throw outside(offset, name);
            }
            ByteBuffer data = kind == MigrationStream.PAGES_ZERO ? null : payload.slice().limit((int) bytes);
            java.util.BitSet hole = holes.get(name);
            int firstPage = (int) (offset / MigrationStream.PAGE);
            int pageCount = (int) ((bytes + MigrationStream.PAGE - 1) / MigrationStream.PAGE);
            if (kind == MigrationStream.PAGES_ZERO) {
                // holes are zero unread; a run of other pages is read in place, and only a run that is not zero
                // already is cleared (writing a hole would allocate it in a sparse file)
                int last = firstPage + pageCount;
                for (int page = hole.nextClearBit(firstPage); page < last; page = hole.nextClearBit(page)) {
                    int runEnd = Math.min(last, hole.nextSetBit(page) < 0 ? last : hole.nextSetBit(page));
                    long at = (long) page * MigrationStream.PAGE;
                    long len = Math.min((long) (runEnd - page) * MigrationStream.PAGE, offset + bytes - at);
                    if (!mem.isZero(at, len)) {
                        if (!mem.isWritable()) {
                            throw readOnlyDiffers(name);
                        }
                        mem.fill(at, len, (byte) 0);
                    }
                    page = runEnd;
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
                hole.clear(firstPage, firstPage + pageCount);
            }
            return bytes;
        } catch (java.nio.BufferUnderflowException e) {
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
