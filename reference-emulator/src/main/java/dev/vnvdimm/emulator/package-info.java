/**
 * The reference emulator: a Java model of a QEMU x86 machine with NVDIMMs, built from QEMU's own command line.
 * This root holds only {@link dev.vnvdimm.emulator.QemuError}, the error its subpackages report with QEMU's text and
 * the option it is about. The emulator builds on {@code guest-abi} and never depends on the harness or the CLI.
 */
package dev.vnvdimm.emulator;
