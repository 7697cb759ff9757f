package dev.vnvdimm.emulator.migration;

import dev.vnvdimm.abi.migration.RamHeader;
import dev.vnvdimm.emulator.hostmem.MemoryBackendFile;
import dev.vnvdimm.emulator.machine.Machine;
import java.util.BitSet;

/**
 * Pages that read as zero without being read: for a shared backing file, its holes ({@code lseek
 * SEEK_DATA/SEEK_HOLE}); for private anonymous memory, the pages never populated (pagemap). The source sends them
 * unread in its first pass; the destination leaves them unwritten.
 */
final class KnownZeroPages {
    private KnownZeroPages() {
    }

    /** The pages of one RAM block that read as zero without being read. */
    static BitSet of(Machine.RamBlock b) {
        return b.backend().filter(x -> x instanceof MemoryBackendFile)
                .map(x -> ((MemoryBackendFile) x).holePages(RamHeader.PAGE))
                .orElseGet(() -> b.memory().unpopulatedPages());
    }
}
