package dev.vnvdimm.harness;

/**
 * Whether "not run" fails a run. Off for a newcomer's first {@code ./vnvdimm check} (what was not run is still
 * counted and named); on with {@code --strict} ({@code -Dvnvdimm.strict=true}: {@link HarnessSettings#strict}) and always under {@code CI=true},
 * where {@code .ci/run} has installed every tool, so anything missing is a broken machine, not a skip.
 */
public final class Strictness {
    private Strictness() {
    }

    public static boolean strict(HarnessSettings settings) {
        return settings.strict() || underCi();
    }

    public static boolean underCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Why the run is strict, for the message that fails it. */
    public static String why() {
        return underCi() ? "CI=true" : "--strict";
    }
}
