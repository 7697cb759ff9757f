package dev.vnvdimm.guest.nvdimm;

import dev.vnvdimm.abi.dsm.DsmStatus;
import dev.vnvdimm.abi.dsm.IntelDsm;
import dev.vnvdimm.guest.aml.runtime.NamespaceNode;
import dev.vnvdimm.guest.labels.LabelStore;
import java.util.Arrays;
import java.util.Optional;

/**
 * An NVDIMM's label area reached through the Intel {@code _DSM} (Linux's {@code nvdimm_get_config_data} and
 * {@code nvdimm_set_config_data}): function 4 once for size and max transfer, function 5 with
 * {@code {u32 offset, u32 length}} to read, function 6 with {@code {offset, length, data}} to write. Every
 * reply starts with a status word; a non-zero status is an I/O error, as Linux turns it into -EIO.
 */
public final class DsmLabelStore implements LabelStore {
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
        IntelDsm.LabelSize r = IntelDsm.LabelSize.decode(checked(call(dsm, device, IntelDsm.GET_LABEL_SIZE,
                Optional.empty()), device, IntelDsm.GET_LABEL_SIZE, IntelDsm.LABEL_SIZE_OUTPUT_SIZE));
        return new DsmLabelStore(dsm, device, r.areaSize(), r.maxTransfer());
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
        byte[] in = IntelDsm.labelDataInput(offset, length, new byte[0]);
        byte[] out = checked(call(dsm, device, IntelDsm.GET_LABEL_DATA, Optional.of(in)), device,
                IntelDsm.GET_LABEL_DATA, IntelDsm.LABEL_DATA_OUTPUT + length);
        return Arrays.copyOfRange(out, IntelDsm.LABEL_DATA_OUTPUT, IntelDsm.LABEL_DATA_OUTPUT + length);
    }

    @Override
    public void write(int offset, byte[] data) {
        byte[] in = IntelDsm.labelDataInput(offset, data.length, data);
        checked(call(dsm, device, IntelDsm.SET_LABEL_DATA, Optional.of(in)), device, IntelDsm.SET_LABEL_DATA,
                DsmStatus.SIZE);
    }

    private static byte[] call(DsmCaller dsm, NamespaceNode device, int function, Optional<byte[]> input) {
        return dsm.callForBuffer(device, IntelDsm.DEVICE_UUID, IntelDsm.REVISION_1, function, input);
    }

    /** Checks length and status of an output (Linux: "output object underflow" and xlat_nvdimm_status). */
    private static byte[] checked(byte[] out, NamespaceNode device, int function, int expected) {
        if (out.length < DsmStatus.SIZE) {
            throw new DsmException(device, function, -1, "output object underflow: " + out.length + " bytes");
        }
        int status = DsmStatus.of(out);
        if ((status & 0xFFFF) != 0) {
            throw new DsmException(device, function, status, "status " + status);
        }
        if (out.length < expected) {
            throw new DsmException(device, function, status, "output object underflow: " + out.length + " of "
                    + expected + " bytes");
        }
        return out;
    }
}
