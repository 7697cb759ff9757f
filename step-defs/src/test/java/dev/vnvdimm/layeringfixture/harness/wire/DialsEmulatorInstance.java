package dev.vnvdimm.layeringfixture.harness.wire;

import dev.vnvdimm.layeringfixture.system.Instance;

/** Wrong: a client holds the reference system's instance, so a run on QEMU alone would load it. */
public class DialsEmulatorInstance {
    Instance instance;
}
