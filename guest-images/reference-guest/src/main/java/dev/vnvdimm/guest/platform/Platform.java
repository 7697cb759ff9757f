package dev.vnvdimm.guest.platform;

/**
 * The reference guest's only door to the machine: guest-physical memory and x86 I/O ports, accessed by
 * width as a CPU would. The ACPI table walk, the AML interpreter's SystemMemory and SystemIO operation
 * regions and every label command go through it, so a test can script it and see every access a method
 * makes. Widths are in bytes: 1, 2, 4 or 8 (I/O ports: 1, 2 or 4). Values are little-endian.
 */
public interface Platform {

    long readMemory(long address, int width);

    void writeMemory(long address, int width, long value);

    /** Reads {@code dst.length} bytes at once (table scans, large fields); by default byte by byte. */
    default void readMemory(long address, byte[] dst) {
        for (int i = 0; i < dst.length; i++) {
            dst[i] = (byte) readMemory(address + i, 1);
        }
    }

    /** Writes {@code src} at once; by default byte by byte. */
    default void writeMemory(long address, byte[] src) {
        for (int i = 0; i < src.length; i++) {
            writeMemory(address + i, 1, src[i] & 0xFF);
        }
    }

    long readIo(int port, int width);

    void writeIo(int port, int width, long value);
}
