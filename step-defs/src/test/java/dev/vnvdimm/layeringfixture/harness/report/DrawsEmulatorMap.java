package dev.vnvdimm.layeringfixture.harness.report;

import dev.vnvdimm.layeringfixture.emulator.Device;

/** Wrong: a report reads an emulator class, so a run on QEMU alone would load the emulator. */
public class DrawsEmulatorMap {
    Device device;
}
