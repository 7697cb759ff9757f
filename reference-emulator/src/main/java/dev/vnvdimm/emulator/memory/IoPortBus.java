package dev.vnvdimm.emulator.memory;

import java.util.Map;
import java.util.TreeMap;

/**
 * The x86 I/O port address space (64 KiB): devices register a port range and receive the guest's
 * IN/OUT accesses. Accesses of a width the device does not accept are dropped (writes) or read as
 * all ones, as on real hardware and in QEMU.
 */
public final class IoPortBus {
    /** A device's view of its port range. */
    public interface Handler {
        /** Whether the device accepts accesses of {@code width} bytes. */
        default boolean accepts(int width) {
            return true;
        }

        long read(int offset, int width);

        void write(int offset, int width, long value);
    }

    /** One registered range. */
    public record Range(String name, int base, int length, Handler handler) {
        boolean contains(int port) {
            return port >= base && port < base + length;
        }
    }

    private final TreeMap<Integer, Range> ranges = new TreeMap<>();

    public synchronized void register(String name, int base, int length, Handler handler) {
        if (base < 0 || length <= 0 || base + length > 0x10000) {
            throw new IllegalArgumentException(String.format("I/O range %s [0x%x, +%d) is outside 0..0xffff",
                    name, base, length));
        }
        for (Range r : ranges.values()) {
            if (base < r.base() + r.length() && r.base() < base + length) {
                throw new IllegalArgumentException(String.format("I/O range %s at 0x%x overlaps %s at 0x%x",
                        name, base, r.name(), r.base()));
            }
        }
        ranges.put(base, new Range(name, base, length, handler));
    }

    /** An IN instruction: the value read, or all ones when nothing answers. */
    public long read(int port, int width) {
        Range r = find(port);
        if (r == null || !r.handler().accepts(width)) {
            return width == 8 ? -1L : (1L << (8 * width)) - 1;
        }
        return r.handler().read(port - r.base(), width);
    }

    /** An OUT instruction. */
    public void write(int port, int width, long value) {
        Range r = find(port);
        if (r != null && r.handler().accepts(width)) {
            r.handler().write(port - r.base(), width, value);
        }
    }

    public synchronized Map<Integer, Range> ranges() {
        return Map.copyOf(ranges);
    }

    private synchronized Range find(int port) {
        Map.Entry<Integer, Range> e = ranges.floorEntry(port);
        return e != null && e.getValue().contains(port) ? e.getValue() : null;
    }
}
