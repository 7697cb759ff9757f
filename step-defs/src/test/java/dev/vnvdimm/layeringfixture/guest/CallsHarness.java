package dev.vnvdimm.layeringfixture.guest;

import dev.vnvdimm.layeringfixture.harness.Step;

/** Wrong: the guest uses the harness. */
public class CallsHarness {
    Step step;
}
