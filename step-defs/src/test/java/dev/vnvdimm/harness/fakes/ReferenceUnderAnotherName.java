package dev.vnvdimm.harness.fakes;

import dev.vnvdimm.harness.targets.BootOutcome;
import dev.vnvdimm.harness.targets.HypervisorInstance;
import dev.vnvdimm.harness.targets.KnownDefect;
import dev.vnvdimm.harness.targets.Target;
import dev.vnvdimm.harness.targets.reference.ReferenceTarget;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reference under another name, declaring as a known defect a failure a test's scratch scenario shows: a
 * second target in one run, with a known defect, without starting QEMU (the report's tests).
 */
public final class ReferenceUnderAnotherName implements Target {
    public static final String NAME = "reference-again";
    /** A declared defect id (tags must be declared); what it matches here is made up. */
    public static final String DEFECT = "qemu-zero-length-label-dsm-aborts";
    /** What the scratch scenario's failure says: it expects device nv in the wrong slot. */
    public static final String FAILURE = "\\[slot of nv\\]";

    private final ReferenceTarget reference = new ReferenceTarget();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> capabilities() {
        return reference.capabilities();
    }

    @Override
    public Map<String, KnownDefect> knownDefects() {
        return Map.of(DEFECT, KnownDefect.of(DEFECT, "made up for the report's tests", FAILURE));
    }

    @Override
    public Map<String, String> reportedVersions() {
        return Map.of("emulator", "the reference emulator, under another name");
    }

    @Override
    public BootOutcome start(List<String> qemuOptions) {
        return reference.start(qemuOptions);
    }

    @Override
    public HypervisorInstance launch(String name, List<String> qemuOptions, Path dir) {
        return reference.launch(name, qemuOptions, dir);
    }
}
