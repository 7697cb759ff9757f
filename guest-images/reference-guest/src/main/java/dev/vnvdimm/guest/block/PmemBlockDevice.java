package dev.vnvdimm.guest.block;

/**
 * A pmem block device ({@code /dev/pmemR} or {@code /dev/pmemR.N}): the guest-physical range of an active
 * namespace. A raw namespace on QEMU's NVDIMM starts at its label's DPA inside the DIMM's one SPA range.
 */
public record PmemBlockDevice(String name, long address, long size, boolean readOnly) {
    public String path() {
        return "/dev/" + name;
    }
}
