package dev.vnvdimm.guest.aml.runtime;

/**
 * The PCI_Config address space of a machine with no PCI function at the address: every read is all ones and every
 * write goes nowhere, as a configuration access that no function claims ends (PCI Local Bus 3.0 §6.1: a read of a
 * function that is not there returns all ones, so its Vendor ID reads FFFFh). The reference guest has no PCI bus, but
 * Linux's interpreter always has a PCI_Config handler (ACPICA installs one at start-up), so firmware's PCI_Config
 * regions (QEMU's PIIX4 and LPC routing registers) read as on a slot with nothing in it rather than failing.
 */
final class AbsentPciFunction implements RegionHandler {
    @Override
    public long read(long address, int width) {
        return width >= 8 ? -1L : (1L << (8 * width)) - 1;
    }

    @Override
    public void write(long address, int width, long value) {
        // no function claims the write
    }
}
