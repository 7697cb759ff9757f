package dev.vnvdimm.guest.aml;

import dev.vnvdimm.guest.platform.Platform;

/**
 * A test stand-in for the hypervisor's answer to an NVDIMM's own DSM functions, in the DSM page as QEMU writes it:
 * query (0: functions 0, 4, 5, 6), Get Label Size (4), Get and Set Label Data (5, 6) over one 128 KiB label area,
 * status 3 for a transfer outside it or longer than the maximum, status 1 for any other function.
 */
public final class FakeLabelDsm {
    public static final int LABEL_SIZE = 0x20000;
    public static final int MAX_XFER = 0xFEC;

    private FakeLabelDsm() {
    }

    /** Answers {@code function} for the DIMM whose label area is {@code area}, in the page at {@code page}. */
    public static void answer(Platform mem, long page, long function, byte[] area) {
        switch ((int) function) {
            case 0 -> reply(mem, page, 0x71);
            case 4 -> {
                mem.writeMemory(page, 4, 16);
                mem.writeMemory(page + 4, 4, 0);
                mem.writeMemory(page + 8, 4, LABEL_SIZE);
                mem.writeMemory(page + 12, 4, MAX_XFER);
            }
            case 5 -> {
                long off = mem.readMemory(page + 12, 4);
                long len = mem.readMemory(page + 16, 4);
                if (off + len > LABEL_SIZE || len > MAX_XFER) {
                    reply(mem, page, 3);
                } else {
                    mem.writeMemory(page, 4, 8 + len);
                    mem.writeMemory(page + 4, 4, 0);
                    byte[] data = new byte[(int) len];
                    System.arraycopy(area, (int) off, data, 0, (int) len);
                    mem.writeMemory(page + 8, data);
                }
            }
            case 6 -> {
                long off = mem.readMemory(page + 12, 4);
                long len = mem.readMemory(page + 16, 4);
                if (off + len > LABEL_SIZE || len > MAX_XFER) {
                    reply(mem, page, 3);
                } else {
                    byte[] data = new byte[(int) len];
                    mem.readMemory(page + 20, data);
                    System.arraycopy(data, 0, area, (int) off, (int) len);
                    reply(mem, page, 0);
                }
            }
            default -> reply(mem, page, 1);
        }
    }

    /** A reply of one word after the length: a status, or a query's function bitmap. */
    public static void reply(Platform mem, long page, long word) {
        mem.writeMemory(page, 4, 8);
        mem.writeMemory(page + 4, 4, word);
    }
}
