package dev.vnvdimm.abi.dsm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;

/**
 * The {@code _DSM} interfaces QEMU's NVDIMMs answer to the OS: Intel's NVDIMM device interface (the namespace
 * label functions) and the NVDIMM root device's (ACPI0012), with the layouts of their inputs and outputs as
 * offsets into Arg3's buffer and into the output the {@code _DSM} returns (DSM Interface Example §3-4; QEMU
 * hw/acpi/nvdimm.c {@code NvdimmFuncGetLabelSizeOut}, {@code NvdimmFuncGetLabelDataIn/Out},
 * {@code NvdimmFuncSetLabelDataIn}; spec notes §1.3, §1.6, §1.7).
 */
public final class IntelDsm {
    /** {@code NVDIMM_DEVICE_DSM_UUID}: the Intel interface of each NVDIMM device, also behind _LSI/_LSR/_LSW. */
    public static final UUID DEVICE_UUID = UUID.fromString("4309ac30-0d11-11e4-9191-0800200c9a66");
    /** The NVDIMM root device's interface. QEMU offers no function of it. */
    public static final UUID ROOT_UUID = UUID.fromString("2f10e7a4-9e91-11e4-89d3-123b93f75cba");
    /** The only revision QEMU implements, of every interface; any other gets "not supported". */
    public static final int REVISION_1 = 1;

    /** Function 0 of any _DSM interface: the bitmap of the functions it supports (bit 0: any at all). */
    public static final int QUERY = 0;
    public static final int GET_LABEL_SIZE = 4;
    public static final int GET_LABEL_DATA = 5;
    public static final int SET_LABEL_DATA = 6;
    /** Function 0's bits for the three label functions, which QEMU offers together or not at all. */
    public static final int LABEL_FUNCTIONS = 1 << GET_LABEL_SIZE | 1 << GET_LABEL_DATA | 1 << SET_LABEL_DATA;
    /** Function 0's bitmap of a DIMM with a label area (0x71); without one it is 0. */
    public static final int LABELLED_DEVICE_FUNCTIONS = 1 << QUERY | LABEL_FUNCTIONS;

    // Function 0's output: the bitmap in the status word's place
    public static final int SUPPORTED_FUNCTIONS = DsmStatus.OFFSET;

    // Get Namespace Label Size output, after the status
    public static final int LABEL_AREA_SIZE = DsmStatus.OFFSET + DsmStatus.SIZE;
    public static final int MAX_TRANSFER = LABEL_AREA_SIZE + DsmPage.WORD;
    public static final int LABEL_SIZE_OUTPUT_SIZE = MAX_TRANSFER + DsmPage.WORD;

    // Get and Set Namespace Label Data input (Arg3), then Set's data
    public static final int LABEL_OFFSET = 0;
    public static final int LABEL_LENGTH = LABEL_OFFSET + DsmPage.WORD;
    public static final int LABEL_DATA_INPUT = LABEL_LENGTH + DsmPage.WORD;
    // Get Namespace Label Data output: the data after the status
    public static final int LABEL_DATA_OUTPUT = DsmStatus.OFFSET + DsmStatus.SIZE;

    /**
     * The largest label transfer, 4076, as QEMU computes it: what both a Get reply and a Set request leave of the
     * page (Set's is the smaller).
     */
    public static final int MAX_LABEL_TRANSFER =
            Math.min(DsmPage.OUTPUT_SIZE - LABEL_DATA_OUTPUT, DsmPage.ARG3_SIZE - LABEL_DATA_INPUT);

    private IntelDsm() {
    }

    /** Get (empty {@code data}) or Set Namespace Label Data's Arg3: offset, length, then the data. */
    public static byte[] labelDataInput(int offset, int length, byte[] data) {
        return ByteBuffer.allocate(LABEL_DATA_INPUT + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(LABEL_OFFSET, offset).putInt(LABEL_LENGTH, length).put(LABEL_DATA_INPUT, data).array();
    }

    /** A successful Get Namespace Label Data output: the status, then the data. */
    public static byte[] labelDataOutput(byte[] data) {
        return ByteBuffer.allocate(LABEL_DATA_OUTPUT + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(DsmStatus.OFFSET, DsmStatus.SUCCESS).put(LABEL_DATA_OUTPUT, data).array();
    }

    /**
     * Get Namespace Label Size's output.
     *
     * @param status       the status word
     * @param areaSize     bytes in the label storage area
     * @param maxTransfer  the largest length one Get or Set Label Data may ask for
     */
    public record LabelSize(int status, int areaSize, int maxTransfer) {

        public byte[] encode() {
            return ByteBuffer.allocate(LABEL_SIZE_OUTPUT_SIZE).order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(DsmStatus.OFFSET, status).putInt(LABEL_AREA_SIZE, areaSize)
                    .putInt(MAX_TRANSFER, maxTransfer).array();
        }

        /** Decodes an output of at least {@link #LABEL_SIZE_OUTPUT_SIZE} bytes. */
        public static LabelSize decode(byte[] output) {
            ByteBuffer b = ByteBuffer.wrap(output).order(ByteOrder.LITTLE_ENDIAN);
            return new LabelSize(b.getInt(DsmStatus.OFFSET), b.getInt(LABEL_AREA_SIZE), b.getInt(MAX_TRANSFER));
        }
    }
}
