/**
 * The guest's two address spaces, QEMU's memory API: guest-physical memory ({@link GuestMemoryMap}) and the x86
 * I/O ports ({@link IoPortBus}). Devices (the DSM handler) use them and the machine assembles them; they know
 * neither, so a device never reaches up into the machine that holds it.
 */
package dev.vnvdimm.emulator.memory;
