/**
 * The guest's ACPI boot, as an OS does it: find the RSDP in the BIOS area, walk to every table, load the DSDT and
 * each SSDT into a fresh AML namespace; ACPI events: the FADT's GPE0 block, its {@code \_GPE} methods enabled at
 * boot and run when the SCI finds their event pending. Also the guest's kernel log, what {@code dmesg} prints.
 */
package dev.vnvdimm.guest.kernel;
