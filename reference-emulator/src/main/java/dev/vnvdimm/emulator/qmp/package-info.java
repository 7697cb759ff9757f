/**
 * The QEMU Machine Protocol of a running reference machine: the protocol itself (greeting, capabilities, commands,
 * events), its socket server, the machine's commands ({@code query-status}, {@code stop}, {@code cont},
 * {@code query-memory-devices}, ...) and the HMP commands passed through {@code human-monitor-command}, plus the
 * listening socket chardevs {@code -qmp} and {@code -serial} name. Migration adds its commands from its own
 * package.
 */
package dev.vnvdimm.emulator.qmp;
