/**
 * QEMU's command-line syntax: splitting a command line into arguments, the {@code key=value,...} option syntax
 * (util/qemu-option.c), sizes in QEMU's notation, and {@link dev.vnvdimm.emulator.config.MachineConfig}, a command
 * line split into its options but not yet built. Parsing only: nothing here builds a device.
 */
package dev.vnvdimm.emulator.config;
