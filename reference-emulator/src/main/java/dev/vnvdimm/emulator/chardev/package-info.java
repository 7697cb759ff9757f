/**
 * The listening socket character devices that {@code -qmp} and {@code -serial} name (QEMU's chardev layer): the
 * short address form {@code unix:PATH,server=on,wait=off} or {@code tcp:HOST:PORT,...}, and a server that hands
 * each client connection to whatever speaks on it — the QMP monitor or a serial line. It knows no protocol.
 */
package dev.vnvdimm.emulator.chardev;
