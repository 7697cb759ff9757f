package dev.vnvdimm.emulator.dsm;

import dev.vnvdimm.emulator.dimm.LabelArea;
import dev.vnvdimm.emulator.dimm.Nvdimm;
import dev.vnvdimm.emulator.memory.GuestMemoryMap;
import dev.vnvdimm.emulator.memory.IoPortBus;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The hypervisor's end of the NVDIMM DSM protocol (QEMU hw/acpi/nvdimm.c): a 4-byte I/O port at 0x0A18.
 * A 32-bit write of the DSM page's guest-physical address runs one request synchronously: the page is
 * copied in (the guest may change it meanwhile), dispatched in QEMU's order — revision, QEMU's reserved
 * root handle 0x10000, the root handle 0, then the NVDIMM whose slot + 1 is the handle — and the reply is
 * written over the start of the page. Requests never interleave: the whole exchange holds one lock, as
 * QEMU holds its big lock for the I/O write.
 *
 * <p>Two inputs make real QEMU abort (spec notes §1.8, §10); the reference gives them defined answers that
 * the kit holds hypervisors to: a label read or write of length 0 gets status 3 (invalid input), and a label
 * write to a read-only backend gets status 1 (not supported, as QEMU ≥ 8 answers).
 */
public final class NvdimmDsmHandler implements IoPortBus.Handler {
    /** x86 {@code NVDIMM_ACPI_IO_BASE}. */
    public static final int IO_PORT = 0x0A18;
    public static final int IO_PORT_LENGTH = 4;
    /** The only _DSM revision QEMU implements. */
    public static final int REVISION_1 = 1;
    public static final int ROOT_HANDLE = 0;
    /** {@code NVDIMM_QEMU_RSVD_HANDLE_ROOT}: functions only QEMU's own AML calls (Read FIT). */
    public static final int QEMU_RESERVED_ROOT_HANDLE = 0x10000;

    public static final int FUNCTION_QUERY = 0;
    public static final int FUNCTION_READ_FIT = 1;
    public static final int FUNCTION_GET_LABEL_SIZE = 4;
    public static final int FUNCTION_GET_LABEL_DATA = 5;
    public static final int FUNCTION_SET_LABEL_DATA = 6;

    /** Function 0 bitmaps: device with labels = functions 0, 4, 5, 6; QEMU root = 0 and Read FIT. */
    public static final int DEVICE_FUNCTIONS_WITH_LABELS = 0x71;
    public static final int QEMU_ROOT_FUNCTIONS = 0x3;

    private final GuestMemoryMap memory;
    private final Supplier<List<Nvdimm>> nvdimms;
    private final FitBuffer fit;

    public NvdimmDsmHandler(GuestMemoryMap memory, Supplier<List<Nvdimm>> nvdimms, FitBuffer fit) {
        this.memory = memory;
        this.nvdimms = nvdimms;
        this.fit = fit;
    }

    @Override
    public boolean accepts(int width) {
        return width == 4;
    }

    /** QEMU never reads the port: reads return 0. */
    @Override
    public long read(int offset, int width) {
        return 0;
    }

    @Override
    public void write(int offset, int width, long value) {
        handle(value & 0xFFFF_FFFFL);
    }

    /** Runs the request in the page at {@code pageGpa} and writes the reply there. */
    public synchronized void handle(long pageGpa) {
        ByteBuffer in = ByteBuffer.wrap(memory.read(pageGpa, DsmPage.SIZE)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] reply = dispatch(in);
        memory.write(pageGpa, reply);
    }

    /** The reply bytes for one request page (also usable without guest memory, e.g. in tests). */
    public synchronized byte[] dispatch(ByteBuffer in) {
        int handle = in.getInt(DsmPage.IN_HANDLE);
        int revision = in.getInt(DsmPage.IN_REVISION);
        int function = in.getInt(DsmPage.IN_FUNCTION);
        if (revision != REVISION_1) {
            return status(DsmStatus.NOT_SUPPORTED);
        }
        if (handle == QEMU_RESERVED_ROOT_HANDLE) {
            return switch (function) {
                case FUNCTION_QUERY -> status(QEMU_ROOT_FUNCTIONS);
                case FUNCTION_READ_FIT -> readFit(Integer.toUnsignedLong(in.getInt(DsmPage.IN_FIT_OFFSET)));
                default -> status(DsmStatus.NOT_SUPPORTED);
            };
        }
        if (handle == ROOT_HANDLE) {
            return status(function == FUNCTION_QUERY ? 0 : DsmStatus.NOT_SUPPORTED);
        }
        Optional<Nvdimm> device = nvdimms.get().stream().filter(n -> n.nfitHandle() == handle).findFirst();
        Optional<LabelArea> labels = device.flatMap(Nvdimm::labelArea);
        if (function == FUNCTION_QUERY) {
            return status(labels.isPresent() ? DEVICE_FUNCTIONS_WITH_LABELS : 0);
        }
        if (device.isEmpty()) {
            return status(DsmStatus.NON_EXISTING_MEMORY_DEVICE);
        }
        if (labels.isEmpty()) {
            return status(DsmStatus.NOT_SUPPORTED);
        }
        return switch (function) {
            case FUNCTION_GET_LABEL_SIZE -> labelSize(labels.get());
            case FUNCTION_GET_LABEL_DATA -> getLabelData(labels.get(), in);
            case FUNCTION_SET_LABEL_DATA -> setLabelData(labels.get(), in);
            default -> status(DsmStatus.NOT_SUPPORTED);
        };
    }

    private static byte[] labelSize(LabelArea area) {
        ByteBuffer out = reply(DsmPage.OUT_MAX_TRANSFER + 4);
        out.putInt(DsmPage.OUT_STATUS, DsmStatus.SUCCESS);
        out.putInt(DsmPage.OUT_LABEL_SIZE, (int) area.size());
        out.putInt(DsmPage.OUT_MAX_TRANSFER, DsmPage.MAX_LABEL_TRANSFER);
        return out.array();
    }

    private static byte[] getLabelData(LabelArea area, ByteBuffer in) {
        int offset = in.getInt(DsmPage.IN_LABEL_OFFSET);
        int length = in.getInt(DsmPage.IN_LABEL_LENGTH);
        int refused = checkLabelAccess(area, offset, length, false);
        if (refused != DsmStatus.SUCCESS) {
            return status(refused);
        }
        byte[] data = area.read(Integer.toUnsignedLong(offset), length);
        ByteBuffer out = reply(DsmPage.OUT_DATA + length);
        out.putInt(DsmPage.OUT_STATUS, DsmStatus.SUCCESS);
        out.put(DsmPage.OUT_DATA, data);
        return out.array();
    }

    private static byte[] setLabelData(LabelArea area, ByteBuffer in) {
        int offset = in.getInt(DsmPage.IN_LABEL_OFFSET);
        int length = in.getInt(DsmPage.IN_LABEL_LENGTH);
        int refused = checkLabelAccess(area, offset, length, true);
        if (refused != DsmStatus.SUCCESS) {
            return status(refused);
        }
        byte[] data = new byte[length];
        in.get(DsmPage.IN_LABEL_DATA, data);
        area.write(Integer.toUnsignedLong(offset), data);
        return status(DsmStatus.SUCCESS);
    }

    /** QEMU's {@code nvdimm_rw_label_data_check}, in its order, with u32 arithmetic; plus length 0. */
    static int checkLabelAccess(LabelArea area, int offset, int length, boolean write) {
        long end = Integer.toUnsignedLong(offset) + Integer.toUnsignedLong(length);
        if (end > 0xFFFF_FFFFL) {
            return DsmStatus.INVALID_INPUT;
        }
        if (area.size() < end) {
            return DsmStatus.INVALID_INPUT;
        }
        if (Integer.toUnsignedLong(length) > DsmPage.MAX_LABEL_TRANSFER) {
            return DsmStatus.INVALID_INPUT;
        }
        if (write && area.isReadOnly()) {
            return DsmStatus.NOT_SUPPORTED;
        }
        if (length == 0) {
            // QEMU asserts here and aborts; the reference refuses the empty transfer instead.
            return DsmStatus.INVALID_INPUT;
        }
        return DsmStatus.SUCCESS;
    }

    private byte[] readFit(long offset) {
        byte[] all = fit.bytes();
        if (offset > all.length) {
            return status(DsmStatus.INVALID_INPUT);
        }
        if (offset == 0) {
            fit.markRead();
        } else if (fit.isDirty()) {
            return status(DsmStatus.FIT_CHANGED);
        }
        int n = (int) Math.min(all.length - offset, DsmPage.MAX_FIT_CHUNK);
        ByteBuffer out = reply(DsmPage.OUT_DATA + n);
        out.putInt(DsmPage.OUT_STATUS, DsmStatus.SUCCESS);
        out.put(DsmPage.OUT_DATA, all, (int) offset, n);
        return out.array();
    }

    /** A status-only reply: length 8 and the status (or function 0's bitmap). */
    private static byte[] status(int value) {
        ByteBuffer out = reply(DsmPage.OUT_STATUS + 4);
        out.putInt(DsmPage.OUT_STATUS, value);
        return out.array();
    }

    private static ByteBuffer reply(int length) {
        ByteBuffer out = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(DsmPage.OUT_LENGTH, length);
        return out;
    }
}
