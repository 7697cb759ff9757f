package dev.vnvdimm.layeringfixture.system;

import dev.vnvdimm.layeringfixture.harness.Step;

/** Wrong: the reference system uses the harness. */
public class ReportsToHarness {
    Step step;
}
