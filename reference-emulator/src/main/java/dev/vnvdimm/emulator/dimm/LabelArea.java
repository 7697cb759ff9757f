package dev.vnvdimm.emulator.dimm;

import dev.vnvdimm.emulator.hostmem.HostMemoryBackend;

/**
 * An NVDIMM's namespace label area: the last {@code label-size} bytes of its backend
 * (QEMU hw/mem/nvdimm.c: label data sits at backend size minus label size, before any alignment).
 * Reads and writes are bounds-checked as a whole before any byte moves, and writes are synced to the
 * backing file so labels survive the emulator.
 */
public final class LabelArea {
    private final HostMemoryBackend backend;
    private final long start;
    private final long size;

    LabelArea(HostMemoryBackend backend, long size) {
        this.backend = backend;
        this.size = size;
        this.start = backend.size() - size;
    }

    public long size() {
        return size;
    }

    /** Offset of the area inside the backend (and so inside its file). */
    public long offsetInBackend() {
        return start;
    }

    public boolean isReadOnly() {
        return backend.isReadOnly();
    }

    public byte[] read(long offset, int length) {
        check(offset, length);
        return backend.memory().read(start + offset, length);
    }

    /** Writes label bytes and makes them durable; fails before touching anything when out of bounds. */
    public void write(long offset, byte[] data) {
        check(offset, data.length);
        if (backend.isReadOnly()) {
            throw new IllegalStateException("label area of read-only memdev " + backend.id() + " cannot be written");
        }
        backend.memory().write(start + offset, data);
        backend.sync(start + offset, data.length);
    }

    private void check(long offset, long length) {
        if (offset < 0 || length < 0 || offset > size - length) {
            throw new IndexOutOfBoundsException(String.format(
                    "label range [0x%x, +0x%x) is outside the label area of 0x%x bytes", offset, length, size));
        }
    }
}
