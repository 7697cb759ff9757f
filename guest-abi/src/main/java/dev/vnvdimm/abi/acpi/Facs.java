package dev.vnvdimm.abi.acpi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The Firmware ACPI Control Structure (ACPI 6.4 §5.2.10): 64 bytes in read/write memory, reached only
 * through the FADT's FIRMWARE_CTRL field. It has no standard header and no checksum, and must start on a
 * 64-byte boundary — why QEMU puts it first in {@code etc/acpi/tables} and allocates that file with
 * alignment 64.
 */
public final class Facs {

    public static final String SIGNATURE = "FACS";
    public static final int SIGNATURE_OFFSET = 0;
    public static final int LENGTH = 4;
    public static final int HARDWARE_SIGNATURE = 8;
    public static final int FIRMWARE_WAKING_VECTOR = 12;
    public static final int GLOBAL_LOCK = 16;
    public static final int FLAGS = 20;
    public static final int X_FIRMWARE_WAKING_VECTOR = 24;
    public static final int VERSION = 32;
    public static final int RESERVED = 33;
    public static final int OSPM_FLAGS = 36;
    public static final int RESERVED_END = 40;
    public static final int SIZE = 64;
    public static final int ALIGNMENT = 64;
    /** Version 1: the ACPI 2.0 layout, with the 64-bit X_Firmware_Waking_Vector. */
    public static final int ACPI_2_VERSION = 1;

    private Facs() {
    }

    /**
     * A FACS as a virtual machine without S4BIOS or 64-bit wake support has it: signature, length and
     * version set, hardware signature, waking vectors, global lock and flags all 0 (the OS writes the
     * waking vector before sleeping).
     */
    public static byte[] build() {
        byte[] out = new byte[SIZE];
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        b.put(SIGNATURE_OFFSET, SIGNATURE.getBytes(StandardCharsets.US_ASCII));
        b.putInt(LENGTH, SIZE);
        out[VERSION] = ACPI_2_VERSION;
        return out;
    }
}
