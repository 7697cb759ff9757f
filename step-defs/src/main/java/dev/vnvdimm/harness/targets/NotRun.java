package dev.vnvdimm.harness.targets;

import org.opentest4j.TestAbortedException;

/**
 * A check this machine cannot make: a tool, a target or an image is missing. Never a pass and never "not
 * applicable"; its message names what is missing and what installs it. {@code --strict} and CI fail on it.
 */
public final class NotRun extends TestAbortedException {
    public static final String PREFIX = "not run: ";

    public NotRun(String whatIsMissing) {
        super(PREFIX + whatIsMissing);
    }
}
