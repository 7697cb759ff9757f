package dev.vnvdimm.emulator.firmware;

import dev.vnvdimm.abi.acpi.TableLoaderCommand.AllocZone;
import dev.vnvdimm.emulator.machine.Machine;

/** The firmware's view of a machine's RAM: allocations as {@link FirmwareAllocator} places them, bytes in guest RAM. */
final class GuestRamFirmwareMemory implements FirmwareMemory {
    private final Machine machine;
    private final FirmwareAllocator allocator;

    GuestRamFirmwareMemory(Machine machine) {
        this.machine = machine;
        this.allocator = new FirmwareAllocator(machine.settings().belowFourGiB());
    }

    @Override
    public long allocate(long size, long align, AllocZone zone) {
        return allocator.allocate(size, align, zone);
    }

    @Override
    public void write(long gpa, byte[] bytes) {
        machine.memoryMap().write(gpa, bytes);
    }

    @Override
    public byte[] read(long gpa, int length) {
        return machine.memoryMap().read(gpa, length);
    }
}
