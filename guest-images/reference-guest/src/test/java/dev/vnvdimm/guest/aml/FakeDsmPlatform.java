package dev.vnvdimm.guest.aml;

import dev.vnvdimm.guest.platform.FlatMemoryPlatform;
import dev.vnvdimm.guest.platform.Platform;

import java.util.ArrayList;
import java.util.List;

/**
 * A scripted stand-in for QEMU's DSM handler (facts §1.3-1.9): flat memory plus I/O port 0x0A18, whose 4-byte
 * write of the DSM page address reads the request words from the page and writes the reply, like
 * {@code nvdimm_dsm_write}. One NVDIMM (handle 1) with a 128 KiB label area; a FIT whose dirty flag starts set.
 * Used by the golden-SSDT tests and the label-read benchmark.
 */
public final class FakeDsmPlatform implements Platform {
    public static final int NOTIFY_PORT = 0x0A18;
    public static final int LABEL_SIZE = FakeLabelDsm.LABEL_SIZE;
    public static final int MAX_XFER = FakeLabelDsm.MAX_XFER;

    private final FlatMemoryPlatform mem;
    public final byte[] labels = new byte[LABEL_SIZE];
    public byte[] fit = new byte[0];
    public boolean fitDirty = true;
    /** Fires before a Read FIT reply at a non-zero offset: lets a test plug a DIMM mid-read. */
    public Runnable beforeReadFit = () -> { };
    /** (handle, revision, function) of every DSM request. */
    public final List<long[]> requests = new ArrayList<>();
    public int ioWrites;

    public FakeDsmPlatform(int memorySize) {
        this.mem = new FlatMemoryPlatform(memorySize);
    }

    @Override
    public long readMemory(long address, int width) {
        return mem.readMemory(address, width);
    }

    @Override
    public void writeMemory(long address, int width, long value) {
        mem.writeMemory(address, width, value);
    }

    @Override
    public void readMemory(long address, byte[] dst) {
        mem.readMemory(address, dst);
    }

    @Override
    public void writeMemory(long address, byte[] src) {
        mem.writeMemory(address, src);
    }

    @Override
    public long readIo(int port, int width) {
        return 0;
    }

    @Override
    public void writeIo(int port, int width, long value) {
        ioWrites++;
        if (port != NOTIFY_PORT || width != 4) {
            return;
        }
        long page = value & 0xFFFF_FFFFL;
        long handle = mem.readMemory(page, 4);
        long rev = mem.readMemory(page + 4, 4);
        long func = mem.readMemory(page + 8, 4);
        requests.add(new long[] {handle, rev, func});
        if (rev != 1) {
            status(page, 1);
        } else if (handle == 0x10000) {
            if (func == 0) {
                reply(page, 0x3);
            } else if (func == 1) {
                readFit(page, mem.readMemory(page + 12, 4));
            } else {
                status(page, 1);
            }
        } else if (handle == 0) {
            if (func == 0) {
                reply(page, 0);
            } else {
                status(page, 1);
            }
        } else if (handle != 1) {
            if (func == 0) {
                reply(page, 0);
            } else {
                status(page, 2);
            }
        } else {
            FakeLabelDsm.answer(mem, page, func, labels);
        }
    }

    private void readFit(long page, long off) {
        if (off > fit.length) {
            status(page, 3);
            return;
        }
        if (off == 0) {
            fitDirty = false;
        } else {
            beforeReadFit.run();
            if (fitDirty) {
                status(page, 0x100);
                return;
            }
        }
        int n = (int) Math.min(fit.length - off, 4088);
        mem.writeMemory(page, 4, 8 + n);
        mem.writeMemory(page + 4, 4, 0);
        byte[] data = new byte[n];
        System.arraycopy(fit, (int) off, data, 0, n);
        mem.writeMemory(page + 8, data);
    }

    private void reply(long page, long word) {
        FakeLabelDsm.reply(mem, page, word);
    }

    private void status(long page, long s) {
        reply(page, s);
    }
}
