package dev.vnvdimm.layeringfixture.cli;

import dev.vnvdimm.layeringfixture.harness.Step;

/** Right: a CLI command runs harness steps. */
public class Command {
    Step step;
}
