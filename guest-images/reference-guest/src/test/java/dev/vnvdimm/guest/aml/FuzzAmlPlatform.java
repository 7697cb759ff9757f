package dev.vnvdimm.guest.aml;

import dev.vnvdimm.guest.platform.Clock;
import dev.vnvdimm.guest.platform.Platform;
import dev.vnvdimm.guest.platform.SparseMemoryPlatform;

/**
 * The machine a fuzzed table runs on: memory over the whole 64-bit address space (reads zero where nothing was
 * written, so an OperationRegion anywhere works), I/O ports that keep what was written, QEMU's DSM protocol on port
 * 0x0A18 (any device handle: one 128 KiB label area, {@link FakeLabelDsm}; the root device: functions 0 and an empty
 * FIT), and a clock that never waits: every reading moves it on by {@link #STEP_NANOS} and a Sleep or Stall moves it
 * by the time asked (up to an hour), so the interpreter's runaway-While guard fires after a bounded number of
 * iterations whatever the host's speed, and a run is the same every time.
 *
 * <p>AML may ask for a great deal of machine access without any loop: one read of an IndexField 2^28 bits wide
 * through a one-byte data register is 2^25 index writes and data reads, as slow on ACPICA as here. Such work is
 * bounded and not the interpreter's to refuse, but it would stall fuzzing for minutes, so this machine allows
 * {@link #ACCESS_BUDGET} memory and port accesses and then refuses every further one with {@link AccessBudgetSpent}.
 */
final class FuzzAmlPlatform implements Platform {
    static final int NOTIFY_PORT = 0x0A18;
    static final long ROOT_HANDLE = 0x10000;
    static final long STEP_NANOS = 1_000_000;
    private static final long MAX_WAIT_NANOS = 3_600_000_000_000L;

    /** Memory and port accesses (each byte of a bulk one) this machine allows: about a second of AML's work. */
    static final long ACCESS_BUDGET = 1 << 18;

    /** This machine's accesses are spent: it stops the AML the way a watchdog would. */
    static final class AccessBudgetSpent extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AccessBudgetSpent() {
            super("the fuzzing machine's " + ACCESS_BUDGET + " memory and port accesses are spent", null, false, false);
        }
    }

    private final SparseMemoryPlatform mem = new SparseMemoryPlatform();
    private long accesses;
    private final byte[] labels = new byte[FakeLabelDsm.LABEL_SIZE];
    private final Clock clock = new Clock() {
        private long now;

        @Override
        public long nanoTime() {
            return now += STEP_NANOS;
        }

        @Override
        public void stall(long microseconds) {
            now += Math.min(Math.max(microseconds, 0), MAX_WAIT_NANOS / 1000) * 1000;
        }

        @Override
        public void sleep(long milliseconds) {
            now += Math.min(Math.max(milliseconds, 0), MAX_WAIT_NANOS / 1_000_000) * 1_000_000;
        }
    };

    @Override
    public long readMemory(long address, int width) {
        spend();
        return mem.readMemory(address, width);
    }

    @Override
    public void writeMemory(long address, int width, long value) {
        spend();
        mem.writeMemory(address, width, value);
    }

    @Override
    public long readIo(int port, int width) {
        spend();
        return mem.readIo(port, width);
    }

    @Override
    public void writeIo(int port, int width, long value) {
        spend();
        mem.writeIo(port, width, value);
        if (port == NOTIFY_PORT && width == 4) {
            dsm(value & 0xFFFF_FFFFL);
        }
    }

    private void spend() {
        if (++accesses > ACCESS_BUDGET) {
            throw new AccessBudgetSpent();
        }
    }

    @Override
    public Clock clock() {
        return clock;
    }

    /** QEMU's answer in the DSM page: revision 1 only; the root offers Read FIT, whose FIT is empty. */
    private void dsm(long page) {
        long handle = mem.readMemory(page, 4);
        long revision = mem.readMemory(page + 4, 4);
        long function = mem.readMemory(page + 8, 4);
        if (revision != 1) {
            FakeLabelDsm.reply(mem, page, 1);
        } else if (handle == ROOT_HANDLE) {
            FakeLabelDsm.reply(mem, page, function == 0 ? 0x3 : function == 1 ? 0 : 1);
        } else {
            FakeLabelDsm.answer(mem, page, function, labels);
        }
    }
}
