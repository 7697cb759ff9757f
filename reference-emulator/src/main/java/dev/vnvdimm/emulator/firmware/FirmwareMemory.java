package dev.vnvdimm.emulator.firmware;

import dev.vnvdimm.abi.acpi.TableLoaderCommand.AllocZone;

/**
 * The guest memory as the firmware running the table loader sees it: the one door through which
 * {@link TableLoaderExecutor} touches the machine. A machine implements it over its guest RAM, typically
 * delegating {@link #allocate} to a {@link FirmwareAllocator}.
 */
public interface FirmwareMemory {

    /**
     * Reserves {@code size} bytes at a multiple of {@code align} in {@code zone} and returns the
     * guest-physical address: for {@link AllocZone#HIGH} below 4 GiB, for {@link AllocZone#FSEG} inside
     * 0xE0000–0xFFFFF.
     *
     * @throws IllegalStateException when the zone has no room left
     */
    long allocate(long size, long align, AllocZone zone);

    /** Writes bytes at a guest-physical address. */
    void write(long gpa, byte[] bytes);

    /** Reads {@code length} bytes from a guest-physical address. */
    byte[] read(long gpa, int length);
}
