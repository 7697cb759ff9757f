/**
 * The hypervisor's end of the NVDIMM {@code _DSM} protocol (QEMU hw/acpi/nvdimm.c): the handler behind I/O port
 * 0x0A18 that reads a request from the DSM page in guest memory and writes the reply over it, and the FIT buffer
 * that Read FIT serves to {@code _FIT}. It sees the guest only through {@code memory}, the DIMMs through
 * {@code dimm}, and the ABI's {@code abi.dsm} layouts. The FIT buffer is the one with state a migration carries
 * ({@code vmstate}'s {@code Snapshottable}); the handler keeps none between requests.
 */
package dev.vnvdimm.emulator.dsm;
