/**
 * The machine's ACPI power-management hardware as the guest sees it (QEMU hw/acpi/core.c and the PIIX4 PM
 * function): the GPE0 register block on the I/O port bus and the System Control Interrupt line it drives. A
 * run-time hot plug sets a GPE status bit here; the level on the SCI line is what tells the guest.
 */
package dev.vnvdimm.emulator.acpipm;
