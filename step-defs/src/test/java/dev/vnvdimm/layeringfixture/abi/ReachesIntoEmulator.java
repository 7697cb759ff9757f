package dev.vnvdimm.layeringfixture.abi;

import dev.vnvdimm.layeringfixture.emulator.Device;

/** Wrong: the ABI uses the emulator. */
public class ReachesIntoEmulator {
    Device device;
}
