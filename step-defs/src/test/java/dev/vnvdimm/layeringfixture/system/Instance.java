package dev.vnvdimm.layeringfixture.system;

import dev.vnvdimm.layeringfixture.emulator.Device;
import dev.vnvdimm.layeringfixture.guest.Driver;

/** Right: the reference system runs the guest's driver on the emulator's device. */
public class Instance {
    Device device;
    Driver driver;
}
