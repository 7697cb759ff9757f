package dev.vnvdimm.guest.platform;

import java.util.HashMap;
import java.util.Map;

/**
 * A platform whose memory covers the whole 64-bit address space, reading zero where nothing was written, and
 * whose I/O ports remember the last value written. {@code vnvdimm aml-eval} runs tables on it, so an
 * OperationRegion at any address (QEMU's DSM page at 0x07FFE000, say) just works.
 */
public final class SparseMemoryPlatform implements Platform {
    private static final int PAGE = 4096;

    private final Map<Long, byte[]> pages = new HashMap<>();
    private final Map<Integer, Long> ports = new HashMap<>();

    private byte[] page(long address, boolean create) {
        long index = address / PAGE;
        byte[] p = pages.get(index);
        if (p == null && create) {
            p = new byte[PAGE];
            pages.put(index, p);
        }
        return p;
    }

    @Override
    public synchronized long readMemory(long address, int width) {
        long v = 0;
        for (int i = width - 1; i >= 0; i--) {
            byte[] p = page(address + i, false);
            v = (v << 8) | (p == null ? 0 : p[(int) Long.remainderUnsigned(address + i, PAGE)] & 0xFF);
        }
        return v;
    }

    @Override
    public synchronized void writeMemory(long address, int width, long value) {
        for (int i = 0; i < width; i++) {
            page(address + i, true)[(int) Long.remainderUnsigned(address + i, PAGE)] = (byte) (value >>> (8 * i));
        }
    }

    @Override
    public synchronized long readIo(int port, int width) {
        long mask = width == 4 ? 0xFFFF_FFFFL : (1L << (8 * width)) - 1;
        return ports.getOrDefault(port, 0L) & mask;
    }

    @Override
    public synchronized void writeIo(int port, int width, long value) {
        ports.put(port, value);
    }
}
