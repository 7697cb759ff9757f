/**
 * The hypervisor's half of ACPI (QEMU hw/acpi and hw/i386/acpi-build.c): the DSDT, the NVDIMM SSDT with its
 * {@code _DSM}, {@code _FIT} and label methods, the SRAT, and the fw_cfg table blobs with the {@code etc/table-loader}
 * script that tells the firmware how to place and link them. The table builders take plain values;
 * {@link dev.vnvdimm.emulator.acpi.AcpiBuild} alone reads a {@code machine} to pick and fill them, which is safe
 * because nothing the machine is built from uses ACPI. Running the script is the firmware's job, in {@code firmware}.
 */
package dev.vnvdimm.emulator.acpi;
