package dev.vnvdimm.layeringfixture.harness.steps;

import dev.vnvdimm.layeringfixture.guest.Driver;

/** Wrong: a step takes a guest class where the harness has its own type. */
public class ReadsGuestResult {
    Driver driver;
}
