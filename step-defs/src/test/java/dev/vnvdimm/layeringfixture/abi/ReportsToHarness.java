package dev.vnvdimm.layeringfixture.abi;

import dev.vnvdimm.layeringfixture.harness.Step;

/** Wrong: the ABI uses the harness. */
public class ReportsToHarness {
    Step step;
}
