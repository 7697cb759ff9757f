package dev.vnvdimm.harness.fuzz;

import dev.vnvdimm.abi.dsm.DsmHandles;

/** What a DSM request's handle names on a machine, in the order QEMU's handler tells them apart. */
public enum HandleKind {
    QEMU_RESERVED_ROOT, ROOT, LABELLED_NVDIMM, READ_ONLY_NVDIMM, LABEL_LESS_NVDIMM, EMPTY_SLOT, NO_SLOT;

    public static HandleKind of(FuzzMachine machine, int handle) {
        if (handle == DsmHandles.QEMU_RESERVED_ROOT) {
            return QEMU_RESERVED_ROOT;
        }
        if (handle == DsmHandles.ROOT) {
            return ROOT;
        }
        return machine.nvdimm(handle).map(n -> !n.labelled() ? LABEL_LESS_NVDIMM
                        : n.readOnly() ? READ_ONLY_NVDIMM : LABELLED_NVDIMM)
                .orElse(Integer.toUnsignedLong(handle) <= machine.slots() ? EMPTY_SLOT : NO_SLOT);
    }

    /** Whether the handle is an NVDIMM's with a label area, where the label functions do something. */
    public boolean labelled() {
        return this == LABELLED_NVDIMM || this == READ_ONLY_NVDIMM;
    }
}
