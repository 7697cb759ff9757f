package dev.vnvdimm.guest.nvdimm;

import dev.vnvdimm.guest.aml.NamespaceNode;
import dev.vnvdimm.guest.labels.LabelStore;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Optional;

/**
 * An NVDIMM's label area reached through the Intel {@code _DSM} (Linux's {@code nvdimm_get_config_data} and
 * {@code nvdimm_set_config_data}): function 4 once for size and max transfer, function 5 with
 * {@code {u32 offset, u32 length}} to read, function 6 with {@code {offset, length, data}} to write. Every
 * reply starts with a status word; a non-zero status is an I/O error, as Linux turns it into -EIO.
 */
public final class DsmLabelStore implements LabelStore {
    public static final int FUNCTION_GET_LABEL_SIZE = 4;
    public static final int FUNCTION_GET_LABEL_DATA = 5;
    public static final int FUNCTION_SET_LABEL_DATA = 6;

    private final DsmCaller dsm;
    private final NamespaceNode device;
    private final int size;
    private final int maxTransfer;

    private DsmLabelStore(DsmCaller dsm, NamespaceNode device, int size, int maxTransfer) {
        this.dsm = dsm;
        this.device = device;
        this.size = size;
        this.maxTransfer = maxTransfer;
    }

    /** Asks the device for its label size (function 4) and returns the store, or why it has none. */
    public static DsmLabelStore open(DsmCaller dsm, NamespaceNode device) {
        ByteBuffer r = reply(dsm.callForBuffer(device, DsmUuids.INTEL, 1, FUNCTION_GET_LABEL_SIZE, Optional.empty()),
                device, FUNCTION_GET_LABEL_SIZE, 12);
        return new DsmLabelStore(dsm, device, r.getInt(4), r.getInt(8));
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int maxTransfer() {
        return maxTransfer;
    }

    @Override
    public byte[] read(int offset, int length) {
        byte[] in = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(offset).putInt(length).array();
        byte[] out = dsm.callForBuffer(device, DsmUuids.INTEL, 1, FUNCTION_GET_LABEL_DATA, Optional.of(in));
        reply(out, device, FUNCTION_GET_LABEL_DATA, 4 + length);
        return Arrays.copyOfRange(out, 4, 4 + length);
    }

    @Override
    public void write(int offset, byte[] data) {
        ByteBuffer in = ByteBuffer.allocate(8 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        in.putInt(offset).putInt(data.length).put(data);
        reply(dsm.callForBuffer(device, DsmUuids.INTEL, 1, FUNCTION_SET_LABEL_DATA, Optional.of(in.array())),
                device, FUNCTION_SET_LABEL_DATA, 4);
    }

    /** Checks length and status of a reply (Linux: "output object underflow" and xlat_nvdimm_status). */
    private static ByteBuffer reply(byte[] out, NamespaceNode device, int function, int expected) {
        if (out.length < 4) {
            throw new DsmException(device, function, -1, "output object underflow: " + out.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        int status = b.getInt(0);
        if ((status & 0xFFFF) != 0) {
            throw new DsmException(device, function, status, "status " + status);
        }
        if (out.length < expected) {
            throw new DsmException(device, function, status, "output object underflow: " + out.length + " of "
                    + expected + " bytes");
        }
        return b;
    }
}
