package dev.vnvdimm.emulator.migration;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vnvdimm.emulator.hostmem.MappedMemory;
import dev.vnvdimm.emulator.machine.Machine;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
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
    private static void drain(InputStream in) {
        byte[] sink = new byte[1 << 16];
        try {
            while (in.read(sink) >= 0) {
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
    public void load(InputStream stream) throws MigrationException {
        try {
            DataInputStream in = new DataInputStream(new BufferedInputStream(stream, 1 << 20));
            String type = MigrationStream.readHeader(in);
            if (!type.equals(machine.type().alias())) {
                throw new MigrationException("machine type mismatch: the source is " + type + ", this machine is "
                        + machine.type().alias());
            }
            MigrationStream.Section config = MigrationStream.readSection(in);
            if (config.type() != MigrationStream.CONFIG) {
                throw new MigrationException("corrupt migration stream: it does not start with its CONFIG section");
            }
            MachineDescription.of(machine).acceptFrom(MachineDescription.fromJson(config.payload()));
            status = MigrationStatus.ACTIVE;
            Map<String, MappedMemory> blocks = new HashMap<>();
            for (Machine.RamBlock b : machine.ramBlocks()) {
                blocks.put(b.id(), b.memory());
            }
            while (true) {
                MigrationStream.Section s = MigrationStream.readSection(in);
                received += s.payload().length + 9;
                switch (s.type()) {
                    case MigrationStream.RAM -> loadPages(s.payload(), blocks);
                    case MigrationStream.DEVICE_STATE -> {
                        DeviceState d = new ObjectMapper().readValue(s.payload(), DeviceState.class);
                        machine.nvdimmAcpi().ifPresent(a -> a.fit().setDirty(d.fitDirty()));
                    }
                    case MigrationStream.GUEST_STATE -> guestState = s.payload();
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

    private static void loadPages(byte[] payload, Map<String, MappedMemory> blocks) throws IOException {
        DataInputStream s = new DataInputStream(new ByteArrayInputStream(payload));
        byte[] id = new byte[s.readUnsignedShort()];
        s.readFully(id);
        String name = new String(id, StandardCharsets.UTF_8);
        MappedMemory mem = blocks.get(name);
        if (mem == null) {
            throw new MigrationException("Unknown ramblock \"" + name + "\", cannot accept migration");
        }
        long offset = s.readLong();
        int count = s.readInt();
        int kind = s.readUnsignedByte();
        long bytes = Math.min((long) count * MigrationStream.PAGE, mem.size() - offset);
        if (offset < 0 || offset > mem.size() || bytes < 0) {
            throw new MigrationException(String.format("corrupt migration stream: pages at 0x%x outside ramblock "
                    + "\"%s\"", offset, name));
        }
        int at = 2 + id.length + 8 + 4 + 1;
        if (!mem.isWritable()) {
            // ROM here: it can only take pages it already holds
            byte[] expected = kind == MigrationStream.PAGES_ZERO ? new byte[(int) bytes]
                    : java.util.Arrays.copyOfRange(payload, at, at + (int) bytes);
            if (!java.util.Arrays.equals(mem.read(offset, (int) bytes), expected)) {
                throw new MigrationException("ramblock \"" + name + "\" is read-only here and its content differs "
                        + "from the source's");
            }
        } else if (kind == MigrationStream.PAGES_ZERO) {
            mem.fill(offset, bytes, (byte) 0);
        } else {
            mem.write(offset, payload, at, (int) bytes);
        }
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
