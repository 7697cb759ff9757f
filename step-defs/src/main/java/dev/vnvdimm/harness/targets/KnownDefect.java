package dev.vnvdimm.harness.targets;

import java.util.regex.Pattern;

/**
 * A hypervisor defect a scenario exposes, declared by the target that has it. A scenario tagged
 * {@code @known-defect:ID} must, on a target declaring ID, fail exactly as recorded — its failure matching
 * {@code failure} — and is then reported as a known defect; if it passes or fails otherwise, the declaration is
 * out of date and the run fails, so a fixed hypervisor turns into an alert instead of a silent pass.
 *
 * @param id      the tag's id, e.g. {@code qemu-accepts-other-label-size}
 * @param summary what the hypervisor does wrong, for the report
 * @param failure what the scenario's failure says when the defect reproduces
 */
public record KnownDefect(String id, String summary, Pattern failure) {
    public static final String TAG_PREFIX = "known-defect:";

    public static KnownDefect of(String id, String summary, String failureRegex) {
        return new KnownDefect(id, summary, Pattern.compile(failureRegex, Pattern.DOTALL));
    }
}
