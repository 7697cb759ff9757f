/**
 * Memory devices (QEMU hw/mem): {@code pc-dimm} and {@code nvdimm} with their options, the machine's DIMM slots,
 * the device-memory window they are plugged into with QEMU's slot and address choices, the plug checks in QEMU's
 * order, and an NVDIMM's label area at the end of its backend. Builds on {@code hostmem} and {@code config}; knows
 * no machine.
 */
package dev.vnvdimm.emulator.dimm;
