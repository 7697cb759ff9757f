package dev.vnvdimm.guest.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A platform with plain memory and no devices: a byte array from address 0, and I/O ports that remember
 * the last value written. {@code vnvdimm aml-eval} and the interpreter's tests run on it; it also records
 * I/O accesses so a test can assert exactly what a method did.
 */
public final class FlatMemoryPlatform implements Platform {
    /** One I/O access, for assertions. */
    public record IoAccess(boolean write, int port, int width, long value) {
    }

    private final byte[] memory;
    private final Map<Integer, Long> ports = new TreeMap<>();
    private final List<IoAccess> ioLog = new ArrayList<>();

    public FlatMemoryPlatform(int size) {
        this.memory = new byte[size];
    }

    public byte[] memory() {
        return memory;
    }

    public List<IoAccess> ioLog() {
        return ioLog;
    }

    @Override
    public long readMemory(long address, int width) {
        check(address, width);
        long v = 0;
        for (int i = width - 1; i >= 0; i--) {
            v = (v << 8) | (memory[(int) address + i] & 0xFF);
        }
        return v;
    }

    @Override
    public void writeMemory(long address, int width, long value) {
        check(address, width);
        for (int i = 0; i < width; i++) {
            memory[(int) address + i] = (byte) (value >>> (8 * i));
        }
    }

    @Override
    public void readMemory(long address, byte[] dst) {
        check(address, dst.length);
        System.arraycopy(memory, (int) address, dst, 0, dst.length);
    }

    @Override
    public void writeMemory(long address, byte[] src) {
        check(address, src.length);
        System.arraycopy(src, 0, memory, (int) address, src.length);
    }

    @Override
    public long readIo(int port, int width) {
        long v = ports.getOrDefault(port, 0L) & (width == 4 ? 0xFFFF_FFFFL : (1L << (8 * width)) - 1);
        ioLog.add(new IoAccess(false, port, width, v));
        return v;
    }

    @Override
    public void writeIo(int port, int width, long value) {
        ports.put(port, value);
        ioLog.add(new IoAccess(true, port, width, value));
    }

    private void check(long address, long len) {
        if (address < 0 || len < 0 || address + len > memory.length) {
            throw new IndexOutOfBoundsException(String.format(
                    "memory access [0x%x, +%d) outside the %d bytes of flat memory", address, len, memory.length));
        }
    }
}
