package dev.vnvdimm.system;

import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.guest.platform.Platform;
import dev.vnvdimm.guest.platform.SystemControlInterrupt;

/**
 * Connects the reference guest to a reference-emulator machine: the guest's {@link Platform} door opens onto
 * the machine's guest-physical memory map, its I/O port bus and its SCI line, and nothing else. The reference system is the
 * only module that knows both sides.
 */
public final class MachinePlatform implements Platform {
    private final Machine machine;
    private final SciDelivery sci;

    public MachinePlatform(Machine machine) {
        this.machine = machine;
        this.sci = new SciDelivery(machine);
    }

    /** The machine's SCI: the guest's handler runs on a dedicated interrupt thread while the vCPU may run. */
    @Override
    public SystemControlInterrupt sci() {
        return sci;
    }

    @Override
    public long readMemory(long address, int width) {
        return machine.memoryMap().readValue(address, width);
    }

    @Override
    public void writeMemory(long address, int width, long value) {
        machine.memoryMap().writeValue(address, width, value);
    }

    @Override
    public void readMemory(long address, byte[] dst) {
        machine.memoryMap().read(address, dst, 0, dst.length);
    }

    @Override
    public void writeMemory(long address, byte[] src) {
        machine.memoryMap().write(address, src);
    }

    @Override
    public long readIo(int port, int width) {
        return machine.ioPorts().read(port, width);
    }

    @Override
    public void writeIo(int port, int width, long value) {
        machine.ioPorts().write(port, width, value);
    }
}
