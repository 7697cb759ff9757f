package dev.vnvdimm.emulator.acpipm;

import dev.vnvdimm.emulator.memory.IoPortBus;

/**
 * A general-purpose event register block (ACPI 6.5 §4.8.4.1; QEMU {@code acpi_gpe_*}): the first half of its
 * bytes are status bits, the second half the matching enable bits. Hardware sets a status bit to signal an
 * event; the guest clears it by writing 1 to it (write-1-to-clear) and chooses which events interrupt it
 * through the enable bits. The SCI is raised while some event is both pending and enabled.
 */
public final class GpeBlock implements IoPortBus.Handler {
    /** QEMU's {@code ACPI_MEMORY_HOTPLUG_STATUS}: a pc-dimm was plugged (bit 3, mask 0x08). */
    public static final int MEMORY_HOTPLUG_BIT = 3;
    /** QEMU's {@code ACPI_NVDIMM_HOTPLUG_STATUS}: an NVDIMM was plugged, {@code \_GPE._E04} runs (bit 4, mask 0x10). */
    public static final int NVDIMM_HOTPLUG_BIT = 4;

    private final int base;
    private final byte[] status;
    private final byte[] enable;
    private final SciLine sci;

    /** @param length the whole block in bytes (the FADT's GPE0_BLK_LEN): even, status then enable */
    public GpeBlock(int base, int length, SciLine sci) {
        if (length <= 0 || length % 2 != 0) {
            throw new IllegalArgumentException("a GPE block has an even, non-zero length; got " + length);
        }
        this.base = base;
        this.status = new byte[length / 2];
        this.enable = new byte[length / 2];
        this.sci = sci;
    }

    /** The first I/O port of the block. */
    public int base() {
        return base;
    }

    public int length() {
        return status.length * 2;
    }

    public SciLine sci() {
        return sci;
    }

    /** An event: sets status bit {@code bit} and re-evaluates the SCI (QEMU {@code acpi_send_gpe_event}). */
    public synchronized void raise(int bit) {
        status[bit / 8] |= (byte) (1 << (bit % 8));
        updateSci();
    }

    public synchronized boolean isPending(int bit) {
        return (status[bit / 8] & (1 << (bit % 8))) != 0;
    }

    public synchronized boolean isEnabled(int bit) {
        return (enable[bit / 8] & (1 << (bit % 8))) != 0;
    }

    /** The registers take 1- to 4-byte accesses, served a byte at a time as QEMU does. */
    @Override
    public boolean accepts(int width) {
        return width >= 1 && width <= 4;
    }

    @Override
    public long read(int offset, int width) {
        long v = 0;
        synchronized (this) {
            for (int i = 0; i < width; i++) {
                v |= (long) (readByte(offset + i) & 0xFF) << (8 * i);
            }
        }
        return v;
    }

    @Override
    public synchronized void write(int offset, int width, long value) {
        for (int i = 0; i < width; i++) {
            writeByte(offset + i, (byte) (value >>> (8 * i)));
        }
        updateSci();
    }

    private byte readByte(int offset) {
        if (offset < status.length) {
            return status[offset];
        }
        return offset < length() ? enable[offset - status.length] : (byte) 0xFF;
    }

    private void writeByte(int offset, byte value) {
        if (offset < status.length) {
            status[offset] &= (byte) ~value; // write-1-to-clear
        } else if (offset < length()) {
            enable[offset - status.length] = value;
        }
    }

    /** Under this block's lock, so the line's changes are heard in the order the registers changed. */
    private void updateSci() {
        boolean level = false;
        for (int i = 0; i < status.length; i++) {
            level |= (status[i] & enable[i]) != 0;
        }
        sci.set(level);
    }
}
