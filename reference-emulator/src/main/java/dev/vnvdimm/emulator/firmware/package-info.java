/**
 * The guest firmware's half of ACPI, as SeaBIOS does it at power-on: {@link dev.vnvdimm.emulator.firmware.Firmware}
 * takes the hypervisor's fw_cfg files and runs their {@code etc/table-loader} script with
 * {@link dev.vnvdimm.emulator.firmware.TableLoaderExecutor} — allocate in guest RAM, patch pointers, fix checksums —
 * so an OS scanning for the RSDP finds every table. It builds no table; those come from {@code acpi}.
 */
package dev.vnvdimm.emulator.firmware;
