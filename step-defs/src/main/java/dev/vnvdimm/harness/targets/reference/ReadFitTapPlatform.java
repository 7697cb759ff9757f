package dev.vnvdimm.harness.targets.reference;

import dev.vnvdimm.abi.dsm.DsmHandles;
import dev.vnvdimm.abi.dsm.DsmNotifyPort;
import dev.vnvdimm.abi.dsm.DsmPage;
import dev.vnvdimm.abi.dsm.DsmStatus;
import dev.vnvdimm.abi.dsm.QemuReservedDsm;
import dev.vnvdimm.guest.platform.ForwardingPlatform;
import dev.vnvdimm.guest.platform.Platform;
import dev.vnvdimm.harness.targets.GuestReadFitTap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The reference guest's platform with the harness between it and the machine: everything passes through
 * unchanged, and each write of a DSM page address to the notify port is looked at — a Read FIT request (QEMU's
 * reserved root handle, function 1) is recorded with its offset and the status of its reply, and an armed action
 * runs right after a Read FIT from offset 0, while the guest's {@code _FIT} is between its chunks.
 */
final class ReadFitTapPlatform extends ForwardingPlatform implements GuestReadFitTap {
    private final List<ReadFit> readFits = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final AtomicReference<Runnable> armed = new AtomicReference<>();

    ReadFitTapPlatform(Platform machine) {
        super(machine);
    }

    @Override
    public void writeIo(int port, int width, long value) {
        Platform machine = machine();
        if (port != DsmNotifyPort.ADDRESS) {
            machine.writeIo(port, width, value);
            return;
        }
        long page = value & 0xFFFF_FFFFL;
        boolean readFit = machine.readMemory(page + DsmPage.HANDLE, 4) == DsmHandles.QEMU_RESERVED_ROOT
                && machine.readMemory(page + DsmPage.FUNCTION, 4) == QemuReservedDsm.READ_FIT;
        long offset = readFit ? machine.readMemory(page + DsmPage.ARG3, 4) : -1;
        machine.writeIo(port, width, value);
        if (!readFit) {
            return;
        }
        int status = (int) machine.readMemory(page + DsmPage.OUTPUT + DsmStatus.OFFSET, 4);
        readFits.add(new ReadFit(offset, status));
        if (offset == 0 && status == 0) {
            Runnable action = armed.getAndSet(null);
            if (action != null) {
                try {
                    action.run();
                } catch (RuntimeException | Error e) {
                    failures.add(e);
                }
            }
        }
    }

    @Override
    public void afterNextReadFitFromStart(Runnable action) {
        armed.set(action);
    }

    @Override
    public List<ReadFit> readFits() {
        return List.copyOf(readFits);
    }

    @Override
    public List<Throwable> failures() {
        return List.copyOf(failures);
    }
}
