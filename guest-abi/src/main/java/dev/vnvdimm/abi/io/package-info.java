/**
 * Streams over blocking socket channels that can be read and written at the same time, which the JDK's own
 * {@code Channels} streams cannot. Not a layout, but the plumbing under every socket the kit speaks the ABI over:
 * the emulator's monitor, serial line and migration, and the harness's QMP, console and gdbstub clients; depends
 * on nothing else of the kit.
 */
package dev.vnvdimm.abi.io;
