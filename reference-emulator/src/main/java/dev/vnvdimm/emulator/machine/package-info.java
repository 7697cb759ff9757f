/**
 * A built machine and how it is built: the {@code pc} and {@code q35} machine types and their RAM split,
 * {@link dev.vnvdimm.emulator.machine.MachineFactory} turning a command line into a
 * {@link dev.vnvdimm.emulator.machine.Machine} in QEMU's order (undoing everything when a step fails), what
 * {@code nvdimm=on} adds (FIT buffer, DSM handler), and the gate that pauses the guest. It assembles the devices
 * below it; they do not know it.
 */
package dev.vnvdimm.emulator.machine;
