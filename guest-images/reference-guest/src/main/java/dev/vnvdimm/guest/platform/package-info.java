/**
 * The guest's only door to the machine, {@link dev.vnvdimm.guest.platform.Platform}: guest-physical memory and x86
 * I/O ports, accessed by width as a CPU would, plus two stand-alone platforms (flat and sparse memory) for
 * {@code vnvdimm aml-eval} and tests. The harness connects it to an emulator machine; this package knows none.
 */
package dev.vnvdimm.guest.platform;
