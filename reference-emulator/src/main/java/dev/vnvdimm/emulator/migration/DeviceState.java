package dev.vnvdimm.emulator.migration;

/**
 * The DEVICE_STATE section: what the devices hold outside RAM. For the NVDIMM stack that is the FIT buffer's
 * dirty flag (the DSM page itself is guest RAM and travels with it); QEMU rebuilds it on the destination
 * instead, so a guest's _FIT in progress restarts there — the reference carries it over.
 */
public record DeviceState(boolean fitDirty) {
}
