package dev.vnvdimm.emulator.dimm;

import dev.vnvdimm.emulator.QemuError;
import java.util.BitSet;

/** The machine's DIMM slots ({@code -m ...,slots=N}); QEMU {@code pc_dimm_get_free_slot}. */
public final class DimmSlots {
    /** A DIMM without {@code slot=} takes the lowest free one. */
    public static final int UNASSIGNED = -1;

    private final int count;
    private final BitSet busy = new BitSet();

    public DimmSlots(int count) {
        this.count = count;
    }

    public int count() {
        return count;
    }

    /** Checks a requested slot and returns it, or the lowest free slot for {@link #UNASSIGNED}. */
    int assign(int requested) {
        if ((requested < 0 || requested >= count) && requested != UNASSIGNED) {
            throw new QemuError("invalid slot number " + requested + ", valid range is [0-"
                    + Long.toUnsignedString(count - 1L) + "]");
        }
        if (count == 0) {
            throw new QemuError("no slots where allocated, please specify the 'slots' option");
        }
        if (requested != UNASSIGNED) {
            if (busy.get(requested)) {
                throw new QemuError("slot " + requested + " is busy");
            }
            return requested;
        }
        int free = busy.nextClearBit(0);
        if (free >= count) {
            throw new QemuError("no free slots available");
        }
        return free;
    }

    void occupy(int slot) {
        busy.set(slot);
    }

    public boolean isBusy(int slot) {
        return busy.get(slot);
    }
}
