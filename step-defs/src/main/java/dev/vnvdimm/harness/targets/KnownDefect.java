package dev.vnvdimm.harness.targets;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A hypervisor defect a scenario exposes, declared by the target that has it. A scenario tagged
 * {@code @known-defect:ID}, on a target declaring ID, that fails exactly as recorded — its failure matching
 * {@code failure} — is reported as a known defect; failing some other way is a FAIL. One that passes passed (it
 * checks the expected behaviour, so a hypervisor that fixed the defect is compliant), and its reason says the
 * declaration is stale. An intermittent defect is one seen in some runs only (a race in the hypervisor): a pass
 * there says the defect did not show this run, instead of calling the declaration stale.
 *
 * @param id           the tag's id, e.g. {@code qemu-accepts-other-label-size}
 * @param summary      what the hypervisor does wrong, for the report
 * @param failure      what the scenario's failure says when the defect reproduces
 * @param intermittent whether the defect shows in some runs only
 */
public record KnownDefect(String id, String summary, Pattern failure, boolean intermittent) {
    public static final String TAG_PREFIX = "known-defect:";

    /** A defect that shows every time the scenario runs. */
    public static KnownDefect of(String id, String summary, String failureRegex) {
        return new KnownDefect(id, summary, Pattern.compile(failureRegex, Pattern.DOTALL), false);
    }

    /** A defect seen in some runs only; {@code summary} should say how often it was seen. */
    public static KnownDefect intermittent(String id, String summary, String failureRegex) {
        return new KnownDefect(id, summary, Pattern.compile(failureRegex, Pattern.DOTALL), true);
    }

    /**
     * The defect a scenario's tags (without their {@code @}) name that the target declares, if any: the first
     * {@code known-defect:ID} tag whose ID is in {@code declared}. The terminal, the matrix and the Allure report
     * all judge by it, so they agree.
     */
    public static Optional<KnownDefect> taggedAndDeclared(Collection<String> tags, Map<String, KnownDefect> declared) {
        return tags.stream().filter(t -> t.startsWith(TAG_PREFIX)).map(t -> declared.get(t.substring(TAG_PREFIX.length())))
                .filter(Objects::nonNull).findFirst();
    }

    /** Whether a scenario's failure (its whole message) is this defect as recorded. */
    public boolean reproducedBy(String failure) {
        return failure().matcher(failure).find();
    }
}
