/**
 * The guest console: its framing, defined once in {@link dev.vnvdimm.guest.console.ConsoleProtocol} and spoken by
 * the reference guest's serial console, by the Linux guest image's {@code /init} and by the harness's host-side
 * client, and the shell word splitting the guest applies to command lines.
 */
package dev.vnvdimm.guest.console;
