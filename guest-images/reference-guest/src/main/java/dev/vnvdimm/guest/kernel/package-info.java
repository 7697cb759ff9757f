/**
 * The guest's ACPI boot, as an OS does it: find the RSDP in the BIOS area, walk to every table, load the DSDT and
 * each SSDT into a fresh AML namespace. Also the guest's kernel log, what {@code dmesg} prints.
 */
package dev.vnvdimm.guest.kernel;
