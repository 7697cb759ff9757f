package dev.vnvdimm.harness.targets;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What a target said about itself during a run (QEMU's version in its QMP greeting, the guest kernel's
 * {@code uname -r}): the provenance of its column in the compliance matrix. Reported, never assumed from the
 * target's name.
 */
public final class ReportedVersions {
    private final Map<String, String> versions = new ConcurrentHashMap<>();

    /** Records {@code what}'s version the first time it is seen; asking costs a command, so only once. */
    public void recordOnce(String what, Supplier<String> version) {
        versions.computeIfAbsent(what, k -> version.get().strip());
    }

    /** QEMU's own words for its version: the {@code version} of its QMP greeting (what query-version answers). */
    public void recordQmpGreeting(String what, JsonNode greeting) {
        recordOnce(what, () -> {
            var v = greeting.path("QMP").path("version");
            var q = v.path("qemu");
            String pkg = v.path("package").asText("").strip();
            return q.path("major").asInt() + "." + q.path("minor").asInt() + "." + q.path("micro").asInt()
                    + (pkg.isEmpty() ? "" : " (" + pkg + ")");
        });
    }

    public Map<String, String> snapshot() {
        return new TreeMap<>(versions);
    }
}
