package dev.vnvdimm.guest.aml.runtime;

/**
 * A handler for an operation-region address space other than SystemMemory and SystemIO (which go to the
 * {@link dev.vnvdimm.guest.platform.Platform}), e.g. PCI_Config or EmbeddedControl. Addresses are the region
 * offset plus the byte offset of the access; widths are 1, 2, 4 or 8 bytes.
 */
public interface RegionHandler {
    long read(long address, int width);

    void write(long address, int width, long value);
}
