package dev.vnvdimm.emulator.machine;

import dev.vnvdimm.emulator.QemuError;
import dev.vnvdimm.emulator.acpipm.GpeBlock;
import dev.vnvdimm.emulator.config.QemuOpts;
import dev.vnvdimm.emulator.dimm.DimmDevice;
import dev.vnvdimm.emulator.dimm.DimmOptions;
import dev.vnvdimm.emulator.dimm.Nvdimm;
import dev.vnvdimm.emulator.hostmem.HostMemoryBackend;
import dev.vnvdimm.emulator.hostmem.MemoryBackendCreator;
import dev.vnvdimm.emulator.hostmem.Progress;
import java.util.Optional;

/**
 * Memory hot plug at run time (QEMU {@code object-add}/{@code device_add}/{@code device_del}/{@code object-del}
 * on a pc or q35 machine): a backend is created as {@code -object} would create it, a DIMM is plugged with
 * {@code -device}'s checks in QEMU's order, and only once every check passed does the machine change — slot,
 * address, memory map, FIT — and the guest hear of it through the GPE0 block (bit 4 for an NVDIMM, bit 3 for a
 * pc-dimm) and the SCI. A refused request changes nothing. One request at a time.
 */
public final class MemoryHotplug {
    private final Machine machine;
    private final MemoryBackendCreator creator = new MemoryBackendCreator(Progress.NONE);

    MemoryHotplug(Machine machine) {
        this.machine = machine;
    }

    /** {@code object-add}: creates a memory backend from {@code -object}-style options. */
    public synchronized HostMemoryBackend objectAdd(QemuOpts opts) {
        HostMemoryBackend b = creator.create(opts, id -> machine.backend(id).isPresent(),
                machine.warningSink()::add);
        machine.addBackend(b);
        return b;
    }

    /**
     * {@code object-del}: removes a backend nothing uses and releases its mapping; a file it created stays, as
     * QEMU leaves it.
     */
    public synchronized void objectDel(String id) {
        HostMemoryBackend b = machine.backend(id).orElseThrow(() -> new QemuError(
                "object '" + id + "' not found"));
        if (b.usedBy().isPresent()) {
            throw new QemuError("object '" + id + "' is in use, can not be deleted");
        }
        machine.removeBackend(b);
        b.close();
    }

    /** {@code device_add}: plugs a {@code pc-dimm} or {@code nvdimm} described by {@code -device}-style options. */
    public synchronized DimmDevice deviceAdd(QemuOpts opts) {
        String driver = opts.require("driver");
        if (!DimmOptions.isDimmDriver(driver)) {
            throw new QemuError("'" + driver + "' is not a valid device model name");
        }
        Machine.DimmState state = machine.dimmState();
        Optional<String> id = opts.id();
        if (id.isPresent() && state.deviceIds().contains(id.get())) {
            throw new QemuError("Duplicate device ID '" + id.get() + "'");
        }
        DimmOptions dopts = DimmOptions.parse(opts, name -> machine.backend(name).orElse(null));
        DimmDevice dimm = dopts.create();
        state.plugger().plug(dimm, dopts.slot(), dopts.addr(), true);
        // every check passed and the plugger took slot, address and memdev: now the machine changes
        id.ifPresent(state.deviceIds()::add);
        machine.memoryMap().add(Machine.region(dimm));
        state.dimms().add(dimm);
        if (dimm instanceof Nvdimm) {
            machine.nvdimmAcpi().ifPresent(a -> a.fit().rebuild(machine.nvdimms()));
            machine.gpe().raise(GpeBlock.NVDIMM_HOTPLUG_BIT);
        } else {
            machine.gpe().raise(GpeBlock.MEMORY_HOTPLUG_BIT);
        }
        return dimm;
    }

    /**
     * {@code device_del}: QEMU refuses an NVDIMM outright; a pc-dimm's unplug is a request the guest completes
     * through ACPI memory hot-unplug, which the reference does not model, so it refuses that too.
     */
    public synchronized void deviceDel(String id) {
        DimmDevice d = machine.dimm(id).orElseThrow(() -> QemuError.deviceNotFound("", id));
        if (d instanceof Nvdimm) {
            throw new QemuError("nvdimm device hot unplug is not supported yet.");
        }
        throw new QemuError("pc-dimm hot unplug is not modelled by the reference emulator: QEMU asks the guest "
                + "to eject '" + id + "' through ACPI memory hot-unplug, which the reference does not emulate");
    }
}
