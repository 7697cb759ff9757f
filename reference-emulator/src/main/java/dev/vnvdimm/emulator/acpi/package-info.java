/**
 * The hypervisor's ACPI tables and the BIOS linker/loader script that delivers them (QEMU hw/acpi): the DSDT, the
 * NVDIMM SSDT with its {@code _DSM}, {@code _FIT} and label methods, the SRAT, and the fw_cfg table blobs with their
 * {@code etc/table-loader} commands. Table builders take plain values and know no machine; {@code firmware} puts
 * them together for one.
 */
package dev.vnvdimm.emulator.acpi;
