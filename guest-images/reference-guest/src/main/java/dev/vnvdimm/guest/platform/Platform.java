package dev.vnvdimm.guest.platform;

/**
 * The reference guest's only door to the machine and to the host it runs on:
 * <ul>
 *   <li>guest-physical memory and x86 I/O ports, accessed by width as a CPU would — the ACPI table walk, the AML
 *       interpreter's SystemMemory and SystemIO operation regions, every label command and {@code dd} on a pmem
 *       block device go through them. Widths are in bytes: 1, 2, 4 or 8 (I/O ports: 1, 2 or 4); values are
 *       little-endian;</li>
 *   <li>{@link #clock()}, the machine's time (AML's {@code Timer}, {@code Stall} and {@code Sleep});</li>
 *   <li>{@link #hostFiles()}, the host files guest commands read and write ({@code ndctl read-labels -o},
 *       {@code write-labels -i}, {@code dd});</li>
 *   <li>{@link #sci()}, the ACPI System Control Interrupt: the only way the machine reaches the guest unasked
 *       (an NVDIMM hot-plugged at run time raises it).</li>
 * </ul>
 * Memory and I/O ports are methods of their own because every implementation is a different machine. Time and
 * host files are the same for nearly all of them, so they are small interfaces of their own, reached through
 * {@link #clock()} and {@link #hostFiles()}, whose defaults are the real clock and the host's file system: a
 * platform overrides them only to script them (a test's clock that moves only when told, files kept in memory).
 * With all of it behind this one interface, a test can script the guest completely and see everything it does.
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

    /** The machine's clock; by default the real one. */
    default Clock clock() {
        return Clock.SYSTEM;
    }

    /** The host files guest commands name; by default the host's file system. */
    default HostFiles hostFiles() {
        return HostFiles.LOCAL;
    }

    /** The machine's SCI line; by default one that never fires. */
    default SystemControlInterrupt sci() {
        return SystemControlInterrupt.NONE;
    }
}
