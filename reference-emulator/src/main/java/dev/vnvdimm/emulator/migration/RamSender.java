package dev.vnvdimm.emulator.migration;

import dev.vnvdimm.abi.migration.RamHeader;
import dev.vnvdimm.abi.migration.Section;
import dev.vnvdimm.emulator.hostmem.MappedMemory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;

/** Sends runs of guest pages as RAM sections, on whichever connection it is given, and counts them. */
final class RamSender {
    private final SentCounters counters;

    RamSender(SentCounters counters) {
        this.counters = counters;
    }

    /** Staging for one run of pages, outside the Java heap so the socket takes it without another copy. */
    static ByteBuffer newStaging() {
        return ByteBuffer.allocateDirect(RamHeader.MAX_PAGES_PER_SECTION * RamHeader.PAGE)
                .order(ByteOrder.nativeOrder());
    }

    /**
     * Sends one run of pages as a RAM section on {@code out}. The run is first copied out of guest memory
     * into {@code staging}, so the CRC covers exactly the bytes sent even while the guest keeps writing (a
     * page it changes afterwards is dirty again and goes in a later pass). Zero pages are told in place,
     * before any copy; pages known to be zero ({@code inHole}) are not read at all.
     */
    void send(WritableByteChannel out, ByteBuffer staging, PageRun run) throws IOException {
        MappedMemory mem = run.block().memory();
        int count = run.count();
        long offset = (long) run.firstPage() * RamHeader.PAGE;
        int bytes = (int) Math.min((long) count * RamHeader.PAGE, mem.size() - offset);
        staging.clear().limit(count * RamHeader.PAGE);
        boolean zero = run.inHole() || mem.isZero(offset, bytes);
        if (!zero) {
            mem.readInto(offset, staging.duplicate().limit(bytes));
            for (int z = bytes; z < count * RamHeader.PAGE; z++) {
                staging.put(z, (byte) 0); // the tail of a last partial page
            }
        }
        ByteBuffer head = new RamHeader(run.block().id(), offset, count,
                zero ? RamHeader.PAGES_ZERO : RamHeader.PAGES_DATA).encode();
        if (zero) {
            Section.write(out, Section.RAM, head);
        } else {
            Section.write(out, Section.RAM, head, staging);
        }
        counters.sentPages(zero, count, head.limit() + (zero ? 0 : staging.remaining()) + Section.HEADER
                + Section.TRAILER, bytes);
    }
}
