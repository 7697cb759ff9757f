/**
 * QEMU's command-line options: the {@code key=value,...} option syntax (util/qemu-option.c) and
 * {@link dev.vnvdimm.emulator.config.MachineConfig}, a command line split into its options but not yet built.
 * Splitting a command line and QEMU's sizes are the ABI module's ({@code abi.qemu}), shared with the harness.
 * Parsing only: nothing here builds a device.
 */
package dev.vnvdimm.emulator.config;
