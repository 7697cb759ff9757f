package dev.vnvdimm.emulator.migration;

import dev.vnvdimm.abi.migration.RamHeader;
import dev.vnvdimm.emulator.hostmem.MappedMemory;
import dev.vnvdimm.emulator.machine.Machine;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Loads RAM sections into the destination's blocks, each run only once it is known to lie inside its block.
 * The main connection and the multifd channels load through the same loader at once.
 */
final class RamLoader {
    private final Map<String, MappedMemory> blocks = new HashMap<>();
    /** Pages known to be zero here without reading them (file holes, unpopulated anonymous memory), kept up to date as pages load. */
    private final Map<String, BitSet> holes = new HashMap<>();

    RamLoader(Machine machine) {
        for (Machine.RamBlock b : machine.ramBlocks()) {
            blocks.put(b.id(), b.memory());
            holes.put(b.id(), KnownZeroPages.of(b));
        }
    }

    /** Loads one RAM section; the bytes of guest memory it covers. */
    long load(ByteBuffer payload) throws IOException {
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
            if (kind != RamHeader.PAGES_DATA && kind != RamHeader.PAGES_ZERO) {
                throw new MigrationException("corrupt migration stream: RAM pages of unknown kind " + kind
                        + " for ramblock \"" + name + "\"");
            }
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
}
