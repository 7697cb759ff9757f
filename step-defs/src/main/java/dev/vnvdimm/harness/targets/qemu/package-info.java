/**
 * Real QEMU as a target: a {@code qemu-system-x86_64} run locally or in a container holding one Debian release's
 * QEMU, booting the kit's Linux guest image, driven through QMP, its serial console and, to write guest memory,
 * its gdbstub. Also the saved booted machines that let scenarios skip the Linux boot.
 */
package dev.vnvdimm.harness.targets.qemu;
