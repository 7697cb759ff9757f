package dev.vnvdimm.emulator.firmware;

import dev.vnvdimm.abi.acpi.TableLoaderCommand.AllocZone;
import java.util.HashMap;
import java.util.Map;

/** A test {@link FirmwareMemory}: sparse 4 KiB pages of zeroed RAM from 0 up, placed by a {@link FirmwareAllocator}. */
final class InMemoryFirmware implements FirmwareMemory {

    private static final int PAGE = 4096;

    private final long ramSize;
    private final FirmwareAllocator allocator;
    private final Map<Long, byte[]> pages = new HashMap<>();

    InMemoryFirmware(long ramSize) {
        this.ramSize = ramSize;
        this.allocator = new FirmwareAllocator(ramSize);
    }

    @Override
    public long allocate(long size, long align, AllocZone zone) {
        return allocator.allocate(size, align, zone);
    }

    @Override
    public void write(long gpa, byte[] bytes) {
        check(gpa, bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            long a = gpa + i;
            pages.computeIfAbsent(a / PAGE, p -> new byte[PAGE])[(int) (a % PAGE)] = bytes[i];
        }
    }

    @Override
    public byte[] read(long gpa, int length) {
        check(gpa, length);
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            long a = gpa + i;
            byte[] page = pages.get(a / PAGE);
            out[i] = page == null ? 0 : page[(int) (a % PAGE)];
        }
        return out;
    }

    private void check(long gpa, int length) {
        if (gpa < 0 || length < 0 || gpa + length > ramSize) {
            throw new IllegalArgumentException("access 0x" + Long.toHexString(gpa) + "+" + length + " outside RAM");
        }
    }
}
