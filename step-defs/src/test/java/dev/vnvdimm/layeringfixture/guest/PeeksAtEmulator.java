package dev.vnvdimm.layeringfixture.guest;

import dev.vnvdimm.layeringfixture.emulator.Device;

/** Wrong: the guest uses the emulator. */
public class PeeksAtEmulator {
    Device device;
}
