package dev.vnvdimm.emulator.machine;

import dev.vnvdimm.abi.acpi.NvdimmPersistence;
import dev.vnvdimm.abi.dsm.DsmNotifyPort;
import dev.vnvdimm.emulator.dimm.Nvdimm;
import dev.vnvdimm.emulator.dsm.FitBuffer;
import dev.vnvdimm.emulator.dsm.NvdimmDsmHandler;
import dev.vnvdimm.emulator.memory.GuestMemoryMap;
import dev.vnvdimm.emulator.memory.IoPortBus;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What {@code -machine nvdimm=on} adds to a machine (QEMU's {@code NVDIMMState}): the FIT buffer, and the DSM
 * handler on I/O port 0x0A18.
 */
public final class NvdimmAcpi {
    private final FitBuffer fit;
    private final NvdimmDsmHandler dsm;
    private final Optional<NvdimmPersistence> persistence;

    private NvdimmAcpi(FitBuffer fit, NvdimmDsmHandler dsm, Optional<NvdimmPersistence> persistence) {
        this.fit = fit;
        this.dsm = dsm;
        this.persistence = persistence;
    }

    /** @param nvdimms the machine's NVDIMMs as they are now: a hot plug adds to them */
    static NvdimmAcpi install(MachineSettings settings, GuestMemoryMap memory, IoPortBus io,
                              Supplier<List<Nvdimm>> nvdimms) {
        Optional<NvdimmPersistence> persistence = settings.nvdimmPersistence().map(NvdimmPersistence::parse);
        FitBuffer fit = new FitBuffer(persistence);
        fit.rebuild(nvdimms.get());
        NvdimmDsmHandler dsm = new NvdimmDsmHandler(memory, nvdimms, fit);
        io.register("nvdimm-acpi-io", DsmNotifyPort.ADDRESS, DsmNotifyPort.LENGTH, dsm);
        return new NvdimmAcpi(fit, dsm, persistence);
    }

    public FitBuffer fit() {
        return fit;
    }

    public NvdimmDsmHandler dsm() {
        return dsm;
    }

    public Optional<NvdimmPersistence> persistence() {
        return persistence;
    }
}
