package dev.vnvdimm.emulator.machine;

import dev.vnvdimm.emulator.memory.IoPortBus;

/**
 * The one part of the PC keyboard controller (i8042) the reference models: its command port 0x64, where command
 * 0xFE pulses the CPU's reset line — how Linux resets QEMU's {@code pc} machine, whose revision 1 FADT has no reset
 * register (Linux's {@code reboot=kbd}, the step after ACPI). Reading the port gives a status with the input buffer
 * empty, so a guest waiting to write a command may write at once; every other command is ignored.
 */
public final class KeyboardControllerReset implements IoPortBus.Handler {
    public static final int COMMAND_PORT = 0x64;
    /** The controller command that pulses the reset line. */
    public static final int PULSE_RESET = 0xFE;
    /** Status: self-test passed (bit 2), last write was a command (bit 3), input buffer empty (bit 1 clear). */
    static final int STATUS = 0x0C;

    private final SystemReset reset;

    public KeyboardControllerReset(SystemReset reset) {
        this.reset = reset;
    }

    @Override
    public boolean accepts(int width) {
        return width == 1;
    }

    @Override
    public long read(int offset, int width) {
        return STATUS;
    }

    @Override
    public void write(int offset, int width, long value) {
        if ((value & 0xFF) == PULSE_RESET) {
            reset.request(SystemReset.Cause.GUEST_RESET);
        }
    }
}
