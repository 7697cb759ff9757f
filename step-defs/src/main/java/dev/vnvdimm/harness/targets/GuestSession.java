package dev.vnvdimm.harness.targets;

import dev.vnvdimm.harness.model.CommandResult;

/** A booted guest that runs shell command lines ({@code ndctl list -D}, {@code nvdimm-dsm nmem0 -f 4}). */
public interface GuestSession {
    CommandResult run(String commandLine);

    /** What the guest's kernel printed while it booted and probed. */
    String kernelLog();
}
