/**
 * Power-on ACPI for a built machine: {@link dev.vnvdimm.emulator.firmware.AcpiBuild} makes a machine's tables as
 * QEMU's acpi-build.c does, and {@link dev.vnvdimm.emulator.firmware.Firmware} loads them into guest RAM as
 * SeaBIOS does, running the {@code etc/table-loader} script with
 * {@link dev.vnvdimm.emulator.firmware.TableLoaderExecutor} over a {@link dev.vnvdimm.emulator.firmware.FirmwareMemory},
 * so an OS scanning for the RSDP finds them.
 */
package dev.vnvdimm.emulator.firmware;
