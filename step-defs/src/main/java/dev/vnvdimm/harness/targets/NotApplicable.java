package dev.vnvdimm.harness.targets;

import java.util.List;
import org.opentest4j.TestAbortedException;

/**
 * A scenario needs a capability its target declares it lacks: decided from the scenario's tags before it runs.
 * The only abort that means "not applicable"; every other abort is {@link NotRun}.
 */
public final class NotApplicable extends TestAbortedException {
    public static final String PREFIX = "not applicable on target ";

    public NotApplicable(String target, List<String> missingCapabilities) {
        super(PREFIX + "'" + target + "': it lacks capability " + String.join(", ", missingCapabilities));
    }
}
