package dev.vnvdimm.guest.nvdimm;

import dev.vnvdimm.guest.labels.LabelStore;

/**
 * A DIMM's label area as ndctl's label commands reach it, through the nd bus ioctl rather than the kernel's own
 * label code: the kernel hands the DSM's output back to ndctl and reports no error for a non-zero status, and
 * ndctl 76.1 does not look at the status of a Set Config Data. Seen on QEMU 10.0 with Linux 6.1: on a read-only
 * backend (QEMU answers status 1) {@code ndctl init-labels} prints "initialized 1 nmem", and the area stays blank.
 * Short replies and reads still fail.
 */
final class IoctlLabelStore implements LabelStore {
    private final DsmLabelStore dsm;

    IoctlLabelStore(DsmLabelStore dsm) {
        this.dsm = dsm;
    }

    @Override
    public int size() {
        return dsm.size();
    }

    @Override
    public int maxTransfer() {
        return dsm.maxTransfer();
    }

    @Override
    public byte[] read(int offset, int length) {
        return dsm.read(offset, length);
    }

    @Override
    public void write(int offset, byte[] data) {
        try {
            dsm.write(offset, data);
        } catch (DsmException e) {
            if (e.status() == -1 || (e.status() & 0xFFFF) == 0) { // no status word, or too short a reply
                throw e;
            }
        }
    }
}
