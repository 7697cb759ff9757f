package dev.vnvdimm.emulator.firmware;

import dev.vnvdimm.abi.acpi.TableLoaderCommand.AllocZone;

/**
 * The placement policy of the firmware's table-loader allocations, as two bump allocators: {@link AllocZone#HIGH}
 * grows down from the top of RAM below 4 GiB, {@link AllocZone#FSEG} grows up from 0xE0000 and ends at 1 MiB.
 * This is a model: SeaBIOS and OVMF keep other things in both areas, so their addresses differ from these
 * (which is why MEMA differs between firmware builds, spec notes §9.7) — what holds for both is the zone and
 * the alignment.
 */
public final class FirmwareAllocator {

    public static final long FSEG_START = 0xE0000;
    public static final long FSEG_END = 0x100000;
    /** HIGH allocations stay above the first MiB (legacy BIOS areas). */
    public static final long HIGH_FLOOR = 0x100000;
    public static final long FOUR_GIB = 0x1_0000_0000L;

    private long highTop;
    private long fsegNext = FSEG_START;

    /** @param ramBelow4g bytes of RAM starting at address 0 below 4 GiB (the {@code -m} size when it is under the PCI hole) */
    public FirmwareAllocator(long ramBelow4g) {
        if (ramBelow4g <= HIGH_FLOOR) {
            throw new IllegalArgumentException("RAM below 4 GiB must exceed 1 MiB: " + ramBelow4g);
        }
        this.highTop = Math.min(ramBelow4g, FOUR_GIB);
    }

    public long allocate(long size, long align, AllocZone zone) {
        if (size <= 0 || align <= 0 || (align & (align - 1)) != 0) {
            throw new IllegalArgumentException("allocation of " + size + " bytes aligned " + align);
        }
        if (zone == AllocZone.HIGH) {
            long at = (highTop - size) & -align;
            if (at < HIGH_FLOOR) {
                throw new IllegalStateException("no room for " + size + " bytes in zone HIGH");
            }
            highTop = at;
            return at;
        }
        long at = (fsegNext + align - 1) & -align;
        if (at + size > FSEG_END) {
            throw new IllegalStateException("no room for " + size + " bytes in zone FSEG");
        }
        fsegNext = at + size;
        return at;
    }
}
