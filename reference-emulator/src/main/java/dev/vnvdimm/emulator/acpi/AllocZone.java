package dev.vnvdimm.emulator.acpi;

/**
 * Where the firmware must place a file it allocates for the table loader (QEMU's
 * {@code BIOSLinkerLoaderAllocZone}, hw/acpi/bios-linker-loader.c).
 */
public enum AllocZone {
    /** 32-bit memory: the firmware's normal allocator, at the top of RAM below 4 GiB. */
    HIGH(1),
    /** The F-segment, 0xE0000–0xFFFFF, where a legacy OS scans for the RSDP. */
    FSEG(2);

    private final int code;

    AllocZone(int code) {
        this.code = code;
    }

    /** The zone byte of an ALLOCATE command. */
    public int code() {
        return code;
    }

    /** The zone for an ALLOCATE command's zone byte. */
    public static AllocZone ofCode(int code) {
        for (AllocZone z : values()) {
            if (z.code == code) {
                return z;
            }
        }
        throw new IllegalArgumentException("no allocation zone " + code + " (1 = HIGH, 2 = FSEG)");
    }
}
