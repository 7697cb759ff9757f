package dev.vnvdimm.harness.targets;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * A target this machine cannot run (its QEMU, Docker image or guest image is missing). Its scenarios still run
 * through the harness, each ending "not run" with the reason before its first step, so the terminal, the
 * compliance matrix and the report all show the same column of not-run results: never a pass, never
 * "not applicable", never a target silently absent from the report.
 */
public final class UnavailableTarget implements Target {
    private final String name;
    private final String why;

    public UnavailableTarget(String name, String why) {
        this.name = name;
        this.why = why;
    }

    @Override
    public String name() {
        return name;
    }

    /** What is missing and what installs it, as a {@link NotRun} says it. */
    public String why() {
        return why;
    }

    /** None declared: the target never ran, so nothing is known of it; its scenarios are not run, not "lacking". */
    @Override
    public Set<String> capabilities() {
        return Set.of();
    }

    @Override
    public BootOutcome start(List<String> qemuOptions) {
        throw new NotRun(why);
    }

    @Override
    public HypervisorInstance launch(String name, List<String> qemuOptions, Path dir) {
        throw new NotRun(why);
    }
}
