package dev.vnvdimm.emulator.dsm;

import dev.vnvdimm.abi.acpi.Nfit;
import dev.vnvdimm.abi.acpi.NfitNvdimm;
import dev.vnvdimm.abi.acpi.NvdimmPersistence;
import dev.vnvdimm.emulator.dimm.Nvdimm;
import dev.vnvdimm.emulator.vmstate.Snapshottable;
import java.util.List;
import java.util.Optional;

/**
 * The FIT that {@code _FIT} returns through Read FIT: the NFIT's structures for every plugged NVDIMM
 * (QEMU's {@code fit_buf}). It is rebuilt on every plug and then marked dirty, so a reader in the middle
 * of the old FIT learns to restart; reading from offset 0 clears the mark. Cold plug counts as a plug:
 * a fresh machine starts dirty (spec notes §9.10). A migration carries the dirty mark (one byte, 0 or 1): QEMU
 * rebuilds it on the destination instead, so a guest's {@code _FIT} in progress restarts there.
 */
public final class FitBuffer implements Snapshottable {
    /** The FIT buffer's id among the devices with state. */
    public static final String ID = "nvdimm-fit-buffer";

    private final Optional<NvdimmPersistence> persistence;
    private byte[] fit = new byte[0];
    private boolean dirty;

    public FitBuffer(Optional<NvdimmPersistence> persistence) {
        this.persistence = persistence;
    }

    /** Rebuilds the FIT after a plug. */
    public synchronized void rebuild(List<Nvdimm> nvdimms) {
        fit = Nfit.fit(nvdimms.stream().map(FitBuffer::describe).toList(), persistence);
        dirty = true;
    }

    public synchronized byte[] bytes() {
        return fit.clone();
    }

    public synchronized boolean isDirty() {
        return dirty;
    }

    synchronized void markRead() {
        dirty = false;
    }

    /** Sets the dirty flag directly. */
    public synchronized void setDirty(boolean value) {
        dirty = value;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public synchronized byte[] snapshot() {
        return new byte[] {(byte) (dirty ? 1 : 0)};
    }

    @Override
    public synchronized void restore(byte[] state) {
        if (state.length != 1 || (state[0] != 0 && state[0] != 1)) {
            throw new IllegalArgumentException("the FIT buffer's state is one byte, 0 or 1 (got " + state.length
                    + " bytes)");
        }
        dirty = state[0] == 1;
    }

    public static NfitNvdimm describe(Nvdimm n) {
        return new NfitNvdimm(n.slot(), n.addr(), n.size(), n.node(), n.unarmed());
    }
}
