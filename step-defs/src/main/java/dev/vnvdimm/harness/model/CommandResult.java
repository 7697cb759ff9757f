package dev.vnvdimm.harness.model;

/** What a guest command printed and its exit status, as the harness sees it on any target. */
public record CommandResult(int exitCode, String stdout, String stderr) {
    /** Both streams as a terminal would interleave them here: output, then errors. */
    public String combined() {
        return stdout + stderr;
    }
}
