package dev.vnvdimm.harness;

import dev.vnvdimm.harness.targets.Capabilities;
import dev.vnvdimm.harness.targets.KnownDefect;
import dev.vnvdimm.harness.targets.qemu.QemuTarget;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every tag with a meaning to the harness must be declared: a capability ({@code @needs-*}, {@code @seed-*}) in
 * {@link Capabilities}, a known defect ({@code @known-defect:ID}) by some target. A misspelt one would otherwise
 * silently disable its scenario on every target, so it fails the run before any scenario starts. It gathers
 * what every kind of target declares, so it sits above them all, beside the runner, not in {@code targets}.
 */
public final class DeclaredTags {
    private DeclaredTags() {
    }

    /** The known defects any target declares, for any version it may be, by id. */
    public static Map<String, KnownDefect> knownDefects() {
        return QemuTarget.declarableDefects();
    }

    public static Set<String> knownDefectIds() {
        return knownDefects().keySet();
    }

    /** Whether {@code tag} (without {@code @}) is one the harness gives a meaning to. */
    public static boolean isMeaningful(String tag) {
        return Capabilities.isCapabilityTag(tag) || tag.startsWith(KnownDefect.TAG_PREFIX);
    }

    /** The tags (without {@code @}) among {@code tags} that look meaningful but are declared nowhere. */
    public static List<String> undeclared(Collection<String> tags) {
        Set<String> out = new TreeSet<>();
        for (String t : tags) {
            if (Capabilities.isCapabilityTag(t) && !Capabilities.all().contains(t)) {
                out.add(t);
            } else if (t.startsWith(KnownDefect.TAG_PREFIX)
                    && !knownDefectIds().contains(t.substring(KnownDefect.TAG_PREFIX.length()))) {
                out.add(t);
            }
        }
        return List.copyOf(out);
    }

    /** Why a scenario carrying undeclared tags is refused. */
    public static String refusal(String scenario, List<String> undeclared) {
        return "undeclared tag" + (undeclared.size() > 1 ? "s" : "") + " "
                + String.join(", ", undeclared.stream().map(t -> "@" + t).toList()) + " on scenario '" + scenario
                + "': capabilities are declared in " + Capabilities.class.getName() + ", known defects by a target"
                + " (declared: " + Capabilities.all() + ", known defects " + new TreeSet<>(knownDefectIds()) + ")";
    }
}
