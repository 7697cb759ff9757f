package dev.vnvdimm.emulator.migration;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vnvdimm.emulator.hostmem.MappedMemory;
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

    public IncomingMigration(Machine machine) {
        this.machine = machine;
    }

    /**
     * Reads one whole migration from the connection and, on a socket, answers the source; throws why it was
     * refused.
     */
    public void load(MigrationUri.Connection connection) throws MigrationException {
        try {
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
            status = MigrationStatus.ACTIVE;
            Map<String, MappedMemory> blocks = new HashMap<>();
            for (Machine.RamBlock b : machine.ramBlocks()) {
                blocks.put(b.id(), b.memory());
            }
            while (true) {
                MigrationStream.Section s = MigrationStream.readSection(in, staging);
                received += s.payload().remaining() + MigrationStream.SECTION_HEADER + MigrationStream.SECTION_TRAILER;
                switch (s.type()) {
                    case MigrationStream.RAM -> loadPages(s.payload(), blocks);
                    case MigrationStream.DEVICE_STATE -> {
                        DeviceState d = new ObjectMapper().readValue(s.bytes(), DeviceState.class);
                        machine.nvdimmAcpi().ifPresent(a -> a.fit().setDirty(d.fitDirty()));
                    }
                    case MigrationStream.GUEST_STATE -> guestState = s.bytes();
                    case MigrationStream.END -> {
                        writeBack();
                        status = MigrationStatus.COMPLETED;
                        return;
                    }
                    default -> throw new MigrationException("corrupt migration stream: unknown section type "
                            + s.type());
                }
            }
        } catch (MigrationException e) {
            fail(e.getMessage());
            throw e;
        } catch (IOException e) {
            fail("migration stream broke off: " + e.getMessage());
            throw new MigrationException(error, e);
        }
    }

    private void fail(String message) {
        error = message;
        status = MigrationStatus.FAILED;
    }

    private static void loadPages(ByteBuffer payload, Map<String, MappedMemory> blocks) throws IOException {
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
            long bytes = Math.min((long) count * MigrationStream.PAGE, mem.size() - offset);
            if (offset < 0 || offset > mem.size() || count < 0 || bytes < 0
                    || kind == MigrationStream.PAGES_DATA && payload.remaining() < bytes) {
                throw new MigrationException(String.format("corrupt migration stream: pages at 0x%x outside ramblock "
                        + "\"%s\"", offset, name));
            }
            ByteBuffer data = kind == MigrationStream.PAGES_ZERO ? null : payload.slice().limit((int) bytes);
            if (kind == MigrationStream.PAGES_ZERO) {
                // a page that is already zero is left alone: writing it would allocate a hole in a sparse file
                if (!isZero(mem, offset, bytes)) {
                    if (!mem.isWritable()) {
                        throw readOnlyDiffers(name);
                    }
                    mem.fill(offset, bytes, (byte) 0);
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
            }
        } catch (java.nio.BufferUnderflowException e) {
            throw new MigrationException("corrupt migration stream: a RAM section is shorter than its header");
        }
    }

    private static MigrationException readOnlyDiffers(String name) {
        return new MigrationException("ramblock \"" + name + "\" is read-only here and its content differs from the "
                + "source's");
    }

    private static boolean isZero(MappedMemory mem, long offset, long bytes) {
        ByteBuffer b = ByteBuffer.allocateDirect((int) Math.min(bytes, 1 << 16));
        for (long at = 0; at < bytes; at += b.capacity()) {
            b.clear().limit((int) Math.min(b.capacity(), bytes - at));
            mem.readInto(offset + at, b);
            for (int i = 0; i < b.limit(); i += 8) {
                if (b.getLong(i) != 0) {
                    return false; // pages are whole multiples of 8 bytes
                }
            }
        }
        return true;
    }

    /** As QEMU does after loading: write file-backed RAM back to its files. */
    private void writeBack() {
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
