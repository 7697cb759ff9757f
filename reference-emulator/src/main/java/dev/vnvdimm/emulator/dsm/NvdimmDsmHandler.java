package dev.vnvdimm.emulator.dsm;

import dev.vnvdimm.abi.dsm.DsmHandles;
import dev.vnvdimm.abi.dsm.DsmNotifyPort;
import dev.vnvdimm.abi.dsm.DsmPage;
import dev.vnvdimm.abi.dsm.DsmStatus;
import dev.vnvdimm.abi.dsm.IntelDsm;
import dev.vnvdimm.abi.dsm.QemuReservedDsm;
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
        return width == DsmNotifyPort.LENGTH;
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

    /**
     * Runs the request in the page at {@code pageGpa} and writes the reply there. A guest may write any address to
     * the port: a page that guest RAM does not hold entirely (no RAM there, or past its end) runs nothing, as there
     * is no request to read and nowhere for the reply to go.
     */
    public synchronized void handle(long pageGpa) {
        if (!memory.isBacked(pageGpa, DsmPage.SIZE)) {
            return;
        }
        ByteBuffer in = ByteBuffer.wrap(memory.read(pageGpa, DsmPage.SIZE)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] reply = dispatch(in);
        memory.write(pageGpa, reply);
    }

    /** The reply bytes for one request page (also usable without guest memory, e.g. in tests). */
    public synchronized byte[] dispatch(ByteBuffer in) {
        int handle = in.getInt(DsmPage.HANDLE);
        int revision = in.getInt(DsmPage.REVISION);
        int function = in.getInt(DsmPage.FUNCTION);
        ByteBuffer arg3 = DsmPage.arg3(in);
        if (revision != IntelDsm.REVISION_1) {
            return status(DsmStatus.NOT_SUPPORTED);
        }
        if (handle == DsmHandles.QEMU_RESERVED_ROOT) {
            return switch (function) {
                case IntelDsm.QUERY -> status(QemuReservedDsm.FUNCTIONS);
                case QemuReservedDsm.READ_FIT ->
                        readFit(Integer.toUnsignedLong(arg3.getInt(QemuReservedDsm.FIT_OFFSET)));
                default -> status(DsmStatus.NOT_SUPPORTED);
            };
        }
        if (handle == DsmHandles.ROOT) {
            return status(function == IntelDsm.QUERY ? 0 : DsmStatus.NOT_SUPPORTED);
        }
        Optional<Nvdimm> device = nvdimms.get().stream().filter(n -> n.nfitHandle() == handle).findFirst();
        Optional<LabelArea> labels = device.flatMap(Nvdimm::labelArea);
        if (function == IntelDsm.QUERY) {
            return status(labels.isPresent() ? IntelDsm.LABELLED_DEVICE_FUNCTIONS : 0);
        }
        if (device.isEmpty()) {
            return status(DsmStatus.NON_EXISTING_MEMORY_DEVICE);
        }
        if (labels.isEmpty()) {
            return status(DsmStatus.NOT_SUPPORTED);
        }
        return switch (function) {
            case IntelDsm.GET_LABEL_SIZE -> labelSize(labels.get());
            case IntelDsm.GET_LABEL_DATA -> getLabelData(labels.get(), arg3);
            case IntelDsm.SET_LABEL_DATA -> setLabelData(labels.get(), arg3);
            default -> status(DsmStatus.NOT_SUPPORTED);
        };
    }

    private static byte[] labelSize(LabelArea area) {
        return DsmPage.reply(new IntelDsm.LabelSize(DsmStatus.SUCCESS, (int) area.size(),
                IntelDsm.MAX_LABEL_TRANSFER).encode());
    }

    private static byte[] getLabelData(LabelArea area, ByteBuffer arg3) {
        int offset = arg3.getInt(IntelDsm.LABEL_OFFSET);
        int length = arg3.getInt(IntelDsm.LABEL_LENGTH);
        int refused = checkLabelAccess(area, offset, length, false);
        if (refused != DsmStatus.SUCCESS) {
            return status(refused);
        }
        return DsmPage.reply(IntelDsm.labelDataOutput(area.read(Integer.toUnsignedLong(offset), length)));
    }

    private static byte[] setLabelData(LabelArea area, ByteBuffer arg3) {
        int offset = arg3.getInt(IntelDsm.LABEL_OFFSET);
        int length = arg3.getInt(IntelDsm.LABEL_LENGTH);
        int refused = checkLabelAccess(area, offset, length, true);
        if (refused != DsmStatus.SUCCESS) {
            return status(refused);
        }
        byte[] data = new byte[length];
        arg3.get(IntelDsm.LABEL_DATA_INPUT, data);
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
        if (Integer.toUnsignedLong(length) > IntelDsm.MAX_LABEL_TRANSFER) {
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
        int n = (int) Math.min(all.length - offset, QemuReservedDsm.MAX_FIT_CHUNK);
        ByteBuffer out = ByteBuffer.allocate(QemuReservedDsm.FIT_DATA + n).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(DsmStatus.OFFSET, DsmStatus.SUCCESS).put(QemuReservedDsm.FIT_DATA, all, (int) offset, n);
        return DsmPage.reply(out.array());
    }

    /** A status-only reply: the status, or in its place function 0's bitmap. */
    private static byte[] status(int value) {
        return DsmPage.reply(DsmStatus.output(value));
    }
}
