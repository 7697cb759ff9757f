/**
 * The guest's only door to the machine and the host, {@link dev.vnvdimm.guest.platform.Platform}: guest-physical
 * memory and x86 I/O ports, accessed by width as a CPU would; the machine's {@link dev.vnvdimm.guest.platform.Clock};
 * and the {@link dev.vnvdimm.guest.platform.HostFiles} guest commands read and write; and the ACPI
 * {@link dev.vnvdimm.guest.platform.SystemControlInterrupt}, the machine's one way to reach the guest unasked. Plus two stand-alone platforms
 * (flat and sparse memory) for {@code vnvdimm aml-eval} and tests. The harness connects it to an emulator machine;
 * this package knows none.
 */
package dev.vnvdimm.guest.platform;
