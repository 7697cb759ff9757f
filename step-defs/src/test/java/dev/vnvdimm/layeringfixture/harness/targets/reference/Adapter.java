package dev.vnvdimm.layeringfixture.harness.targets.reference;

import dev.vnvdimm.layeringfixture.emulator.Device;
import dev.vnvdimm.layeringfixture.guest.Driver;

/** Right: the reference target converts the emulator's and the guest's classes at its boundary. */
public class Adapter {
    Device device;
    Driver driver;
}
