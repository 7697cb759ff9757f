/**
 * The QEMU Machine Protocol of a running reference machine: the protocol itself (greeting, capabilities, commands,
 * events), its server on a {@code chardev} socket, the machine's commands ({@code query-status}, {@code stop},
 * {@code cont}, {@code query-memory-devices}, ...) and the HMP commands passed through
 * {@code human-monitor-command}. Migration adds its commands from its own package.
 */
package dev.vnvdimm.emulator.qmp;
