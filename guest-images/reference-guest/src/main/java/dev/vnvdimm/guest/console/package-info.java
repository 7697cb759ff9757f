/**
 * The guest console, the guest's side: its serial console answering command lines in the framing defined once in
 * {@link dev.vnvdimm.abi.console.ConsoleProtocol} (shared with the Linux guest image's {@code /init} and the
 * harness's host-side client), and the shell word splitting the guest applies to command lines.
 */
package dev.vnvdimm.guest.console;
