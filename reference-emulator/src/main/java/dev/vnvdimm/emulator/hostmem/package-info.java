/**
 * Host memory backends ({@code -object memory-backend-file|memory-backend-ram}, QEMU backends/hostmem*.c): their
 * options, and the host memory they map with {@code mmap(2)} through JNA, bounds-checked and never copied onto the
 * heap. This is the only package that calls libc; the DIMMs, RAM and NUMA nodes of a machine lend these bytes to
 * the guest.
 */
package dev.vnvdimm.emulator.hostmem;
