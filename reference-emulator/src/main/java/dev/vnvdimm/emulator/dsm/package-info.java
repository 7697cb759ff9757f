/**
 * The hypervisor's end of the NVDIMM {@code _DSM} protocol (QEMU hw/acpi/nvdimm.c): the handler behind I/O port
 * 0x0A18 that reads a request from the DSM page in guest memory and writes the reply over it, and the FIT buffer
 * that Read FIT serves to {@code _FIT}. It sees the guest only through {@code memory}, the DIMMs through
 * {@code dimm}, and the ABI's {@code acpi.dsm} layouts.
 */
package dev.vnvdimm.emulator.dsm;
