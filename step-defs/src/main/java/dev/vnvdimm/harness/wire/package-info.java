/**
 * Plain host-side clients for a hypervisor's sockets, the same for the reference emulator and real QEMU: a QMP
 * client and a guest-console client speaking {@code ConsoleProtocol}. Every wait is bounded.
 */
package dev.vnvdimm.harness.wire;
