package dev.vnvdimm.layeringfixture.acpi;

import dev.vnvdimm.layeringfixture.emulator.Device;

/** Wrong: the ABI uses the emulator. */
public class ReachesIntoEmulator {
    Device device;
}
