package dev.vnvdimm.emulator.memory;

import dev.vnvdimm.emulator.hostmem.MappedMemory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The guest-physical address space: RAM below and above 4 GiB, the device-memory window and the DIMMs
 * plugged into it, each range backed by host memory. Guest accesses are routed to the host mapping that
 * holds the address; an access that leaves its region, or touches no RAM, is an error.
 */
public final class GuestMemoryMap {
    /** What a range of guest-physical addresses is. */
    public enum Kind { RAM, DEVICE_MEMORY_WINDOW, PC_DIMM, NVDIMM_PMEM }

    /**
     * @param memory     the host mapping behind it (empty for a window that only reserves addresses)
     * @param hostOffset where the range starts inside {@code memory}
     */
    public record Region(String name, Kind kind, long base, long size, Optional<MappedMemory> memory,
                         long hostOffset) {
        public long end() {
            return base + size;
        }

        boolean contains(long gpa, long len) {
            return gpa >= base && len >= 0 && gpa - base <= size - len;
        }
    }

    private final List<Region> regions = new ArrayList<>();

    public synchronized void add(Region r) {
        regions.add(r);
        regions.sort(Comparator.comparingLong(Region::base).thenComparing(x -> x.memory().isPresent()));
    }

    public synchronized List<Region> regions() {
        return List.copyOf(regions);
    }

    /** Whether one backed region holds all of [gpa, gpa+len). */
    public synchronized boolean isBacked(long gpa, long len) {
        return regions.stream().anyMatch(r -> r.memory().isPresent() && r.contains(gpa, len));
    }

    /** The backed region holding [gpa, gpa+len), or an error naming the address. */
    public Region backing(long gpa, long len) {
        synchronized (this) {
            for (Region r : regions) {
                if (r.memory().isPresent() && r.contains(gpa, len)) {
                    return r;
                }
            }
        }
        throw new IllegalArgumentException(String.format("guest physical range [0x%x, +0x%x) is not backed by RAM",
                gpa, len));
    }

    public void read(long gpa, byte[] dst, int off, int len) {
        Region r = backing(gpa, len);
        r.memory().orElseThrow().read(r.hostOffset() + gpa - r.base(), dst, off, len);
    }

    public byte[] read(long gpa, int len) {
        byte[] out = new byte[len];
        read(gpa, out, 0, len);
        return out;
    }

    /** A guest write; to ROM (a read-only backend) it is dropped, as the hardware would. */
    public void write(long gpa, byte[] src, int off, int len) {
        Region r = backing(gpa, len);
        MappedMemory m = r.memory().orElseThrow();
        if (m.isWritable()) {
            m.write(r.hostOffset() + gpa - r.base(), src, off, len);
        }
    }

    public void write(long gpa, byte[] src) {
        write(gpa, src, 0, src.length);
    }

    /** Reads a little-endian value of 1, 2, 4 or 8 bytes. */
    public long readValue(long gpa, int width) {
        byte[] b = read(gpa, width);
        long v = 0;
        for (int i = width - 1; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        return v;
    }

    /** Writes a little-endian value of 1, 2, 4 or 8 bytes. */
    public void writeValue(long gpa, int width, long value) {
        byte[] b = new byte[width];
        for (int i = 0; i < width; i++) {
            b[i] = (byte) (value >>> (8 * i));
        }
        write(gpa, b);
    }
}
