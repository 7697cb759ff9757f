/**
 * Power-on ACPI for a built machine: {@link dev.vnvdimm.emulator.firmware.AcpiBuild} makes a machine's tables as
 * QEMU's acpi-build.c does, and {@link dev.vnvdimm.emulator.firmware.Firmware} loads them into guest RAM as
 * SeaBIOS does, so an OS scanning for the RSDP finds them. The one place where the table builders of {@code acpi}
 * meet a {@code machine}.
 */
package dev.vnvdimm.emulator.firmware;
