/**
 * Live migration between reference machines: the kit's own migration stream (its format is
 * {@code guest-abi}'s {@code dev.vnvdimm.abi.migration}), QEMU's URI forms ({@code tcp:}, {@code unix:},
 * {@code file:}, {@code exec:}), the pre-copy source and the checking destination, and the QMP migration commands
 * as QEMU spells them. A destination refuses a stream whose machine does not match before it writes any memory.
 */
package dev.vnvdimm.emulator.migration;
