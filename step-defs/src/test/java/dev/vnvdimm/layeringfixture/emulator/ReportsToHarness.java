package dev.vnvdimm.layeringfixture.emulator;

import dev.vnvdimm.layeringfixture.harness.Step;

/** Wrong: the emulator uses the harness. */
public class ReportsToHarness {
    Step step;
}
