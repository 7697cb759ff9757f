package dev.vnvdimm.guest.nvdimm;

import dev.vnvdimm.guest.aml.AmlInterpreter;
import dev.vnvdimm.guest.aml.runtime.NamespaceNode;
import dev.vnvdimm.guest.aml.runtime.NotifyHandler;
import dev.vnvdimm.guest.kernel.KernelLog;

/**
 * Linux's {@code acpi_nfit_notify} on the NVDIMM root device (drivers/acpi/nfit/core.c): value 0x80
 * ({@code NFIT_NOTIFY_UPDATE}, what QEMU's {@code \_GPE._E04} sends after an NVDIMM hot-plug) updates the bus from
 * {@code _FIT}, and each new DIMM's label area is read and its namespaces named, as at boot. Linux's other value,
 * 0x81 (an uncorrectable memory error: rescrub), QEMU never sends to the root; Linux logs each event only at
 * debug level, so any other value is ignored silently.
 */
public final class NfitNotify implements NotifyHandler {
    /** Linux's NFIT_NOTIFY_UPDATE. */
    public static final int UPDATE = 0x80;

    private final NvdimmBus bus;
    private final NamespaceRegistry namespaces;
    private final AmlInterpreter aml;
    private final KernelLog log;

    public NfitNotify(NvdimmBus bus, NamespaceRegistry namespaces, AmlInterpreter aml, KernelLog log) {
        this.bus = bus;
        this.namespaces = namespaces;
        this.aml = aml;
        this.log = log;
    }

    /** Registers for Notify on the bus's root device; a bus without one gets no handler. */
    public void register() {
        bus.root().ifPresent(root -> aml.registerNotifyHandler(root.path(), this));
    }

    @Override
    public void notify(NamespaceNode device, int value) {
        if (value != UPDATE) {
            return;
        }
        for (Region r : bus.update(aml, log)) {
            // the new DIMM's driver reads its label area while probing, as at boot
            r.nmem().labels().ifPresent(a -> a.probe());
            namespaces.namespaces(r);
        }
    }
}
