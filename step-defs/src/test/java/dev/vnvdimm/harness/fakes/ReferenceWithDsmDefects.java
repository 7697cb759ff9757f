package dev.vnvdimm.harness.fakes;

import dev.vnvdimm.abi.dsm.DsmPage;
import dev.vnvdimm.abi.dsm.DsmStatus;
import dev.vnvdimm.abi.dsm.IntelDsm;
import dev.vnvdimm.harness.fuzz.FuzzMachine;
import dev.vnvdimm.harness.model.MemoryDevice;
import dev.vnvdimm.harness.targets.BootOutcome;
import dev.vnvdimm.harness.targets.GuestSession;
import dev.vnvdimm.harness.targets.MachineUnderTest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Made-up hypervisors for the DSM fuzzer's tests: the reference, with one planted DSM defect each, seen through the
 * guest-less DSM probe ({@link MachineUnderTest#dsmRoundTrip}) as the fuzzer and the scenarios see QEMU.
 */
public abstract class ReferenceWithDsmDefects extends ReferenceWithQemuDefects {
    /** The request's word at a page offset. */
    static int word(byte[] page, int offset) {
        return ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN).getInt(offset);
    }

    static boolean labelFunction(byte[] request, int function) {
        return word(request, DsmPage.REVISION) == IntelDsm.REVISION_1 && word(request, DsmPage.FUNCTION) == function;
    }

    /** This hypervisor's DSM round trip on one of its machines. */
    abstract byte[] dsm(Planted machine, long page, byte[] request, int replyBytes);

    @Override
    public BootOutcome start(List<String> qemuOptions) {
        BootOutcome o = super.start(qemuOptions);
        return o instanceof BootOutcome.Started s ? new BootOutcome.Started(new Planted(s.machine())) : o;
    }

    /** Set Namespace Label Data lands one byte further than asked, where that still fits the area. */
    public static final class ShiftedLabelWrites extends ReferenceWithDsmDefects {
        @Override
        byte[] dsm(Planted machine, long page, byte[] request, int replyBytes) {
            MachineUnderTest reference = machine.inner;
            long offset = Integer.toUnsignedLong(word(request, DsmPage.ARG3 + IntelDsm.LABEL_OFFSET));
            long length = Integer.toUnsignedLong(word(request, DsmPage.ARG3 + IntelDsm.LABEL_LENGTH));
            if (labelFunction(request, IntelDsm.SET_LABEL_DATA) && length > 0 && length <= IntelDsm.MAX_LABEL_TRANSFER
                    && offset + length + 1 <= FuzzMachine.LABEL_AREA) {
                byte[] shifted = request.clone();
                ByteBuffer.wrap(shifted).order(ByteOrder.LITTLE_ENDIAN)
                        .putInt(DsmPage.ARG3 + IntelDsm.LABEL_OFFSET, (int) offset + 1);
                return reference.dsmRoundTrip(page, shifted, replyBytes);
            }
            return reference.dsmRoundTrip(page, request, replyBytes);
        }
    }

    /** Get Namespace Label Data flips the low bit of the first byte it returns, when that byte is not zero. */
    public static final class FlipsWrittenData extends ReferenceWithDsmDefects {
        @Override
        byte[] dsm(Planted machine, long page, byte[] request, int replyBytes) {
            byte[] reply = machine.inner.dsmRoundTrip(page, request, replyBytes);
            int data = DsmPage.OUTPUT + IntelDsm.LABEL_DATA_OUTPUT;
            if (labelFunction(request, IntelDsm.GET_LABEL_DATA) && word(reply, DsmPage.OUTPUT) == DsmStatus.SUCCESS
                    && reply.length > data && reply[data] != 0) {
                reply[data] ^= 1;
            }
            return reply;
        }
    }

    /**
     * A label transfer of length zero that the reference refuses as invalid ends this hypervisor as QEMU ends, with
     * QEMU's assertion as its last words; it answers nothing after.
     */
    public static final class AbortsOnZeroLength extends ReferenceWithDsmDefects {
        @Override
        byte[] dsm(Planted machine, long page, byte[] request, int replyBytes) {
            if (machine.ended) {
                throw new IllegalStateException("the DSM probe got no answer from a running QEMU: closed");
            }
            byte[] reply = machine.inner.dsmRoundTrip(page, request, replyBytes);
            if ((labelFunction(request, IntelDsm.GET_LABEL_DATA) || labelFunction(request, IntelDsm.SET_LABEL_DATA))
                    && word(request, DsmPage.ARG3 + IntelDsm.LABEL_LENGTH) == 0
                    && word(reply, DsmPage.OUTPUT) == DsmStatus.INVALID_INPUT) {
                machine.ended = true;
                throw new IllegalStateException("QEMU ended during the DSM probe: ../hw/mem/nvdimm.c:107: "
                        + "nvdimm_validate_rw_label_data: Assertion `(nvdimm->label_size >= size + offset) && "
                        + "(offset + size > offset)' failed.");
            }
            return reply;
        }
    }

    /** Refuses a read-only backend as a QEMU without {@code readonly=on} (5.2) does; answers as the reference. */
    public static final class RefusesReadOnlyBackends extends ReferenceWithDsmDefects {
        @Override
        public BootOutcome start(List<String> qemuOptions) {
            for (String o : qemuOptions) {
                if (o.startsWith("memory-backend-file,") && o.contains("readonly=on")) {
                    return new BootOutcome.Refused("-object " + o + ": Property 'memory-backend-file.readonly' not "
                            + "found", "Property 'memory-backend-file.readonly' not found");
                }
            }
            return super.start(qemuOptions);
        }

        @Override
        byte[] dsm(Planted machine, long page, byte[] request, int replyBytes) {
            return machine.inner.dsmRoundTrip(page, request, replyBytes);
        }
    }

    /** The reference's machine but for its DSM round trip. */
    final class Planted implements MachineUnderTest {
        final MachineUnderTest inner;
        /** Whether this hypervisor has ended, as far as its DSM probe goes. */
        boolean ended;

        Planted(MachineUnderTest inner) {
            this.inner = inner;
        }

        @Override
        public byte[] dsmRoundTrip(long pageAddress, byte[] request, int replyBytes) {
            return dsm(this, pageAddress, request, replyBytes);
        }

        @Override
        public List<MemoryDevice> memoryDevices() {
            return inner.memoryDevices();
        }

        @Override
        public void writeDeviceMemory(String deviceId, long offset, byte[] data) {
            inner.writeDeviceMemory(deviceId, offset, data);
        }

        @Override
        public byte[] readDeviceMemory(String deviceId, long offset, int length) {
            return inner.readDeviceMemory(deviceId, offset, length);
        }

        @Override
        public long labelAreaSize(String deviceId) {
            return inner.labelAreaSize(deviceId);
        }

        @Override
        public Optional<Long> labelAreaOffsetInBackend(String deviceId) {
            return inner.labelAreaOffsetInBackend(deviceId);
        }

        @Override
        public Map<String, byte[]> acpiTables() {
            return inner.acpiTables();
        }

        @Override
        public String humanMonitorCommand(String commandLine) {
            return inner.humanMonitorCommand(commandLine);
        }

        @Override
        public GuestSession bootGuest(Path workingDirectory) {
            return inner.bootGuest(workingDirectory);
        }

        @Override
        public List<String> warnings() {
            return inner.warnings();
        }

        @Override
        public String memoryMapText() {
            return inner.memoryMapText();
        }

        @Override
        public Optional<List<MemoryRegion>> memoryMapRegions() {
            return inner.memoryMapRegions();
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
