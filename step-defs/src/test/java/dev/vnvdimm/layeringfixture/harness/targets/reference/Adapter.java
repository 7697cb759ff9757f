package dev.vnvdimm.layeringfixture.harness.targets.reference;

import dev.vnvdimm.layeringfixture.emulator.Device;
import dev.vnvdimm.layeringfixture.guest.Driver;
import dev.vnvdimm.layeringfixture.system.Instance;

/**
 * Right: the reference target converts the reference system's, the emulator's and the guest's classes at its
 * boundary.
 */
public class Adapter {
    Instance instance;
    Device device;
    Driver driver;
}
