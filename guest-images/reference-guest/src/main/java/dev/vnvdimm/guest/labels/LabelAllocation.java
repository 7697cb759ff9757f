package dev.vnvdimm.guest.labels;

import java.util.Comparator;
import java.util.List;

/**
 * Where a new namespace goes, as Linux chooses: its DPA range is the first aligned gap between the active labels'
 * ranges that fits (below the region's PMEM size), and each label update takes the first slot the current index
 * marks free. The on-media layout says nothing about either; this is policy, kept apart from the format.
 */
final class LabelAllocation {
    private LabelAllocation() {
    }

    /** First-fit DPA: the lowest aligned start where {@code size} bytes fit between allocations and below pmemSize. */
    static long dpa(List<NamespaceLabel> active, long size, long pmemSize, long align) {
        List<NamespaceLabel> busy = active.stream().sorted(Comparator.comparingLong(NamespaceLabel::dpa)).toList();
        long cursor = 0;
        for (NamespaceLabel l : busy) {
            long start = alignUp(cursor, align);
            if (start + size <= l.dpa()) {
                return start;
            }
            cursor = Math.max(cursor, l.end());
        }
        long start = alignUp(cursor, align);
        if (start + size > pmemSize) {
            throw new LabelAreaException("not enough free space for " + size + " bytes (PMEM " + pmemSize
                    + " bytes, alignment " + align + ")");
        }
        return start;
    }

    /** The slot the next label update writes: the lowest one free in the current index. */
    static int slot(NamespaceIndex current) {
        int slot = current.firstFreeSlot();
        if (slot < 0) {
            throw new LabelAreaException("no free label slot");
        }
        return slot;
    }

    private static long alignUp(long v, long align) {
        return (v + align - 1) / align * align;
    }
}
