package dev.vnvdimm.abi.acpi;

/** Reads guest-physical memory: how a table walker sees the machine, on either side of the ACPI contract. */
@FunctionalInterface
public interface PhysicalMemoryReader {
    byte[] read(long address, int length);
}
