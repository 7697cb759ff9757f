package dev.vnvdimm.harness;

import static io.cucumber.junit.platform.engine.Constants.FILTER_TAGS_PROPERTY_NAME;
import static io.cucumber.junit.platform.engine.Constants.GLUE_PROPERTY_NAME;
import static io.cucumber.junit.platform.engine.Constants.PLUGIN_PROPERTY_NAME;

import dev.vnvdimm.harness.targets.KnownDefect;
import dev.vnvdimm.harness.targets.NotApplicable;
import io.cucumber.tagexpressions.Expression;
import io.cucumber.tagexpressions.TagExpressionParser;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.FilePosition;
import org.junit.platform.engine.support.descriptor.FileSource;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs the features on the JUnit Platform from inside the CLI, with the same glue and plugins as the Maven
 * suite, and keeps a tally a person can read at the end.
 */
public final class ScenarioRunner {
    /** One scenario's outcome: its long name, verdict and reason, and where it lives in its feature file. */
    public record Outcome(String name, Status status, String reason, ScenarioLocation where) {
        /** An outcome known by name only. */
        public Outcome(String name, Status status, String reason) {
            this(name, status, reason, ScenarioLocation.named(name));
        }

        /** The same scenario with another verdict. */
        Outcome with(Status status, String reason) {
            return new Outcome(name, status, reason, where);
        }
    }

    /**
     * The five verdicts. NOT_APPLICABLE only ever comes from a capability the target declares it lacks
     * ({@link NotApplicable}); any other abort is NOT_RUN: something this machine lacks, never a pass.
     */
    public enum Status { PASSED, FAILED, KNOWN_DEFECT, NOT_APPLICABLE, NOT_RUN }

    /** Everything a run produced. */
    public record Summary(List<Outcome> outcomes) {
        public long count(Status s) {
            return outcomes.stream().filter(o -> o.status() == s).count();
        }

        /** Nothing failed; with {@code strict}, nothing was left not run either. */
        public boolean green(boolean strict) {
            return count(Status.FAILED) == 0 && !(strict && count(Status.NOT_RUN) > 0);
        }

        /** One line of counts for a run on {@code target} that took {@code seconds}. */
        public String tally(String target, double seconds) {
            return String.format("%d scenarios: %d passed, %d failed, %d known hypervisor defects, %d not applicable,"
                    + " %d not run on %s (%.0f s)", outcomes.size(), count(Status.PASSED), count(Status.FAILED),
                    count(Status.KNOWN_DEFECT), count(Status.NOT_APPLICABLE), count(Status.NOT_RUN), target, seconds);
        }

        /** Why scenarios were not run, each distinct reason with how many it kept from running. */
        public Map<String, Long> notRunReasons() {
            Map<String, Long> m = new TreeMap<>();
            outcomes.stream().filter(o -> o.status() == Status.NOT_RUN).forEach(o -> m.merge(o.reason(), 1L, Long::sum));
            return m;
        }
    }

    private ScenarioRunner() {
    }

    /**
     * Runs with up to {@code parallel} scenarios at once (Cucumber's fixed parallelism). Every run takes its
     * {@link HarnessSettings} and installs them while it runs, for the glue Cucumber makes.
     */
    public static Summary run(HarnessSettings settings, Path features, Optional<String> tags, int parallel,
                              PrintWriter progress) {
        return run(settings, List.of(features), List.of(), tags, Optional.empty(), CucumberSettings.PLUGINS,
                parallel, Progress.plain(progress));
    }

    /**
     * Runs one feature file's scenarios at {@code lines} (Cucumber's {@code FILE:LINE}: a scenario's or an example
     * row's line; none: every scenario), or a folder's, showing {@code progress}.
     */
    public static Summary run(HarnessSettings settings, Path features, List<Integer> lines, Optional<String> tags,
                              int parallel, Progress progress) {
        return run(settings, List.of(features), lines, tags, Optional.empty(), CucumberSettings.PLUGINS, parallel,
                progress);
    }

    /**
     * Runs several feature files (or folders) as one run: with {@code parallel} above 1 the scenarios of all of
     * them share the workers, so no worker idles at the end of each file.
     */
    public static Summary run(HarnessSettings settings, List<Path> features, Optional<String> tags, int parallel,
                              PrintWriter progress) {
        return run(settings, features, List.of(), tags, Optional.empty(), CucumberSettings.PLUGINS, parallel,
                Progress.plain(progress));
    }

    /**
     * A scenario's status as declared for a target: a scenario tagged {@code @known-defect:ID} that the target
     * declares and that fails as recorded is a known defect; failing some other way fails the run. A scenario that
     * passes passed: it checks the expected behaviour in any hypervisor's words, so a hypervisor that fixed the
     * defect is compliant there. Its reason says that the declaration is stale, so the alert stays in the report;
     * for an intermittent defect, that it did not show this run.
     */
    static Outcome declared(Outcome raw, Set<String> tags, String fullFailure,
                            Map<String, KnownDefect> defects) {
        Optional<KnownDefect> known = KnownDefect.taggedAndDeclared(tags, defects);
        if (known.isPresent()) {
            KnownDefect defect = known.get();
            return switch (raw.status()) {
                case PASSED -> raw.with(Status.PASSED, defect.intermittent()
                        ? "known defect " + defect.id() + " is intermittent and did not show this run"
                        : "known defect " + defect.id() + " no longer reproduces: the hypervisor now behaves; "
                                + "remove it from the target's declaration");
                case FAILED -> defect.reproducedBy(fullFailure)
                        ? raw.with(Status.KNOWN_DEFECT, defect.id() + ": " + defect.summary())
                        : raw.with(Status.FAILED, "fails, but not as known defect " + defect.id()
                                + " says: " + raw.reason());
                default -> raw;
            };
        }
        return raw;
    }

    /**
     * @param name    a regular expression selecting scenarios by name, if any
     * @param plugins Cucumber plugins (the Allure plugin, or none for timing runs)
     */
    public static Summary run(HarnessSettings settings, Path features, Optional<String> tags, Optional<String> name,
                              String plugins, PrintWriter progress) {
        return run(settings, List.of(features), List.of(), tags, name, plugins, 1, Progress.plain(progress));
    }

    /** The runner's tests: runs as {@code check} would, with the plugins given (none, so nothing joins the report). */
    static Summary run(HarnessSettings settings, List<Path> features, Optional<String> tags, Optional<String> name,
                       String plugins, int parallel, PrintWriter progress) {
        return run(settings, features, List.of(), tags, name, plugins, parallel, Progress.plain(progress));
    }

    private static Summary run(HarnessSettings settings, List<Path> features, List<Integer> lines,
                               Optional<String> tags, Optional<String> name, String plugins, int parallel,
                               Progress progress) {
        HarnessSettings.install(settings);
        try {
            return run(features, lines, tags, name, plugins, parallel, progress,
                    Targets.selected(settings).knownDefects());
        } finally {
            HarnessSettings.install(null);
        }
    }

    private static Summary run(List<Path> features, List<Integer> lines, Optional<String> tags, Optional<String> name,
                               String plugins, int parallel, Progress progress, Map<String, KnownDefect> defects) {
        List<DiscoverySelector> selectors = new ArrayList<>();
        for (Path f : features) {
            if (f.toFile().isDirectory()) {
                selectors.add(DiscoverySelectors.selectDirectory(f.toFile()));
            } else if (lines.isEmpty()) {
                selectors.add(DiscoverySelectors.selectFile(f.toFile()));
            } else {
                lines.forEach(l -> selectors.add(DiscoverySelectors.selectFile(f.toFile(),
                        org.junit.platform.engine.discovery.FilePosition.from(l))));
            }
        }
        LauncherDiscoveryRequestBuilder b = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectors)
                .filters(EngineFilter.includeEngines("cucumber"))
                .configurationParameter(GLUE_PROPERTY_NAME, CucumberSettings.GLUE)
                .configurationParameter(PLUGIN_PROPERTY_NAME, plugins)
                .configurationParameter("cucumber.publish.quiet", "true")
                .configurationParameter("cucumber.junit-platform.naming-strategy", "long");
        tags.ifPresent(t -> b.configurationParameter(FILTER_TAGS_PROPERTY_NAME, t));
        if (parallel > 1) {
            b.configurationParameter("cucumber.execution.parallel.enabled", "true")
                    .configurationParameter("cucumber.execution.parallel.config.strategy", "fixed")
                    .configurationParameter("cucumber.execution.parallel.config.fixed.parallelism",
                            String.valueOf(parallel))
                    .configurationParameter("cucumber.execution.parallel.config.fixed.max-pool-size",
                            String.valueOf(parallel));
        }
        name.ifPresent(n -> b.configurationParameter("cucumber.filter.name", n));
        LauncherDiscoveryRequest request = b.build();
        List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        TestExecutionListener tally = new TestExecutionListener() {
            @Override
            public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (!id.isTest()) {
                    return;
                }
                Status s = status(result);
                String full = result.getThrowable().map(t -> String.valueOf(t.getMessage())).orElse("");
                if (s == Status.NOT_RUN && filteredOut(full)) {
                    return; // not selected by --tags or a name: not part of this run at all
                }
                Set<String> tags = new HashSet<>();
                id.getTags().forEach(t -> tags.add(t.getName()));
                Outcome o = declared(new Outcome(id.getDisplayName(), s, firstLine(full), location(id)), tags, full,
                        defects);
                outcomes.add(o);
                progress.mark(o.status());
            }

            @Override
            public synchronized void executionSkipped(TestIdentifier id, String reason) {
                if (id.isTest() && !filteredOut(reason)) {
                    outcomes.add(new Outcome(id.getDisplayName(), Status.NOT_RUN, reason, location(id)));
                    progress.mark(Status.NOT_RUN);
                }
            }
        };
        Launcher launcher = LauncherFactory.create();
        TestPlan plan = launcher.discover(request);
        refuseUndeclaredTags(plan);
        progress.start(selected(plan, tags, name.isPresent()));
        launcher.execute(plan, tally);
        progress.end();
        return new Summary(List.copyOf(outcomes));
    }

    /** Where a scenario lives, from the feature file and line Cucumber gives as its source. */
    static ScenarioLocation location(TestIdentifier id) {
        return id.getSource().filter(FileSource.class::isInstance).map(FileSource.class::cast)
                .map(f -> ScenarioLocation.of(f.getFile().toPath(), f.getPosition().map(FilePosition::getLine).orElse(0),
                        shown(f.getFile().toPath())))
                .orElseGet(() -> ScenarioLocation.named(id.getDisplayName()));
    }

    /** A feature file as a rerun command names it: relative to the working folder where it lies inside it. */
    private static String shown(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath();
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }

    /** A test's verdict before known defects are taken into account. */
    static Status status(TestExecutionResult result) {
        return switch (result.getStatus()) {
            case SUCCESSFUL -> Status.PASSED;
            case ABORTED -> result.getThrowable().filter(NotApplicable.class::isInstance).isPresent()
                    ? Status.NOT_APPLICABLE : Status.NOT_RUN;
            case FAILED -> Status.FAILED;
        };
    }

    /**
     * How many of the plan's scenarios the tag expression selects (Cucumber filters them only as they run); -1,
     * unknown, when a name filter also applies.
     */
    static int selected(TestPlan plan, Optional<String> tags, boolean named) {
        if (named) {
            return -1;
        }
        Expression expression = TagExpressionParser.parse(tags.orElse(""));
        int n = 0;
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier id : plan.getDescendants(root)) {
                if (id.isTest() && expression.evaluate(id.getTags().stream().map(t -> "@" + t.getName()).toList())) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Fails the whole run, before any scenario starts, when a scenario carries a tag declared nowhere. */
    static void refuseUndeclaredTags(TestPlan plan) {
        List<String> refusals = new ArrayList<>();
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier id : plan.getDescendants(root)) {
                if (!id.isTest()) {
                    continue;
                }
                List<String> undeclared = DeclaredTags.undeclared(id.getTags().stream().map(t -> t.getName()).toList());
                if (!undeclared.isEmpty()) {
                    refusals.add(DeclaredTags.refusal(id.getDisplayName(), undeclared));
                }
            }
        }
        if (!refusals.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", refusals));
        }
    }

    /** Cucumber's word for a scenario a tag or name filter left out. */
    static boolean filteredOut(String reason) {
        return reason != null && reason.startsWith("'cucumber.filter.") && reason.contains("did not match this scenario");
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl) + " …";
    }
}
