package dev.vnvdimm.emulator.machine;

import dev.vnvdimm.emulator.QemuError;

/**
 * The x86 machine types the reference emulates, with the RAM split below and above 4 GiB that
 * QEMU's {@code pc_init1} (i440FX) and {@code pc_q35_init} (Q35) choose.
 */
public enum MachineType {
    /** i440FX + PIIX4: up to 3.5 GiB of RAM below 4 GiB, else 3 GiB (gigabyte alignment). */
    PC("pc", "pc-i440fx-7.2", 0xE000_0000L, 0xC000_0000L),
    /** Q35 + ICH9: up to 2.75 GiB below 4 GiB, else 2 GiB (the PCIe MMCONFIG window sits above). */
    Q35("q35", "pc-q35-7.2", 0xB000_0000L, 0x8000_0000L);

    public static final long FOUR_GIB = 1L << 32;

    private final String alias;
    private final String versionedName;
    private final long lowMemLimit;
    private final long lowMemWhenAbove;

    MachineType(String alias, String versionedName, long lowMemLimit, long lowMemWhenAbove) {
        this.alias = alias;
        this.versionedName = versionedName;
        this.lowMemLimit = lowMemLimit;
        this.lowMemWhenAbove = lowMemWhenAbove;
    }

    /** Accepts {@code pc}, {@code q35} and QEMU's versioned names ({@code pc-i440fx-7.2}, {@code pc-q35-10.0}). */
    public static MachineType named(String name) {
        if (name.equals("pc") || name.startsWith("pc-i440fx-")) {
            return PC;
        }
        if (name.equals("q35") || name.startsWith("pc-q35-")) {
            return Q35;
        }
        throw new QemuError("unsupported machine type: \"" + name + "\"\nUse -machine help to list supported machines");
    }

    public String alias() {
        return alias;
    }

    /** The QOM class QEMU names in property errors ({@code pc-i440fx-7.2-machine}). */
    public String qomTypeName() {
        return versionedName + "-machine";
    }

    /** RAM mapped below 4 GiB for a machine with {@code ramSize} bytes. */
    public long belowFourGiB(long ramSize) {
        return ramSize >= lowMemLimit ? lowMemWhenAbove : ramSize;
    }
}
