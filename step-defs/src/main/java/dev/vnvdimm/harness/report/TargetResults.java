package dev.vnvdimm.harness.report;

import dev.vnvdimm.harness.HarnessSettings;
import dev.vnvdimm.harness.Targets;
import dev.vnvdimm.harness.targets.KnownDefect;
import io.qameta.allure.listener.TestLifecycleListener;
import io.qameta.allure.model.Label;
import io.qameta.allure.model.Parameter;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.StatusDetails;
import io.qameta.allure.model.TestResult;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Makes each scenario's Allure result a result of its target, before Allure writes it (Allure finds this class
 * through {@code META-INF/services}): the target is part of its identity, so a run over several targets shows
 * every result and none as a retry of another target's; Suites group by target, then feature; a failure that is
 * the target's declared known defect is marked known; a failure names its feature file and line and the command
 * that reruns it. ({@link RunEnvironment} records the run's environment beside it.)
 */
public final class TargetResults implements TestLifecycleListener {
    /** Allure's label carrying the target: {@code allure.label.target} (Maven's pom, the CLI). */
    public static final String TARGET_LABEL = "target";
    /** The words a known defect's message starts with; {@link AllureCategories} sorts by them. */
    public static final String KNOWN_DEFECT_PREFIX = "Known hypervisor defect ";

    @Override
    public void beforeTestWrite(TestResult result) {
        String target = target(result);
        identify(result, target);
        markKnownDefect(result, target);
        explainFailure(result, target);
    }

    /** The target whose run wrote the result. */
    static String target(TestResult result) {
        return currentTarget().or(() -> label(result, TARGET_LABEL)).orElseGet(() -> HarnessSettings.current().target());
    }

    /** History and test-case ids, Suites and the test page's parameters, all by target. */
    static void identify(TestResult r, String target) {
        r.setHistoryId(md5(target + "\n" + Optional.ofNullable(r.getHistoryId()).orElse(r.getFullName())));
        r.setTestCaseId(md5(target + "\n" + Optional.ofNullable(r.getTestCaseId()).orElse(r.getFullName())));
        String feature = label(r, "feature").orElse("");
        List<Label> labels = new ArrayList<>(r.getLabels().stream().filter(l -> !Set.of("parentSuite", "suite",
                "subSuite", TARGET_LABEL).contains(l.getName())).map(l -> "package".equals(l.getName())
                ? new Label().setName("package").setValue(target + "." + l.getValue()) : l).toList());
        labels.add(new Label().setName(TARGET_LABEL).setValue(target));
        labels.add(new Label().setName("parentSuite").setValue(target));
        labels.add(new Label().setName("suite").setValue(feature));
        r.setLabels(labels);
        List<Parameter> parameters = new ArrayList<>(r.getParameters());
        parameters.removeIf(p -> TARGET_LABEL.equals(p.getName()));
        parameters.add(0, new Parameter().setName(TARGET_LABEL).setValue(target));
        r.setParameters(parameters);
    }

    /** Allure's "known" flag, and the defect's id and summary first in the message, as the terminal judges it. */
    static void markKnownDefect(TestResult r, String target) {
        if (!failed(r)) {
            return;
        }
        List<String> tags = r.getLabels().stream().filter(l -> "tag".equals(l.getName())).map(Label::getValue)
                .map(t -> t.startsWith("@") ? t.substring(1) : t).toList();
        String message = Optional.ofNullable(r.getStatusDetails()).map(StatusDetails::getMessage).orElse("");
        KnownDefect.taggedAndDeclared(tags, knownDefects(target)).filter(d -> d.reproducedBy(message))
                .ifPresent(d -> {
                    StatusDetails details = Optional.ofNullable(r.getStatusDetails()).orElseGet(StatusDetails::new);
                    r.setStatusDetails(details.setKnown(true)
                            .setMessage(KNOWN_DEFECT_PREFIX + d.id() + ": " + d.summary() + "\n\n" + message));
                });
    }

    /** Where the failing scenario is and how to rerun just it on its target, in the result's description. */
    static void explainFailure(TestResult r, String target) {
        if (!failed(r)) {
            return;
        }
        Optional<String> where = featureFileAndLine(r);
        if (where.isEmpty()) {
            return;
        }
        String what = Optional.ofNullable(r.getStatusDetails()).filter(StatusDetails::isKnown).isPresent()
                ? "Shows a known defect" : "Failed";
        String text = what + " on target " + target + " at " + where.get() + ". Rerun just this scenario there:\n\n"
                + "    " + RerunCommand.of(target, where.get());
        r.setDescription(Optional.ofNullable(r.getDescription()).filter(d -> !d.isBlank())
                .map(d -> text + "\n\n" + d).orElse(text));
    }

    /** The feature file (relative to the kit when it is the kit's) and the scenario's line. */
    static Optional<String> featureFileAndLine(TestResult r) {
        Optional<String> uri = label(r, "gherkin_uri");
        String fullName = Optional.ofNullable(r.getFullName()).orElse("");
        int colon = fullName.lastIndexOf(':');
        if (uri.isEmpty() || colon < 0) {
            return Optional.empty();
        }
        Path file = Path.of(URI.create(uri.get()));
        Path kit = kitRoot();
        String shown = kit != null && file.startsWith(kit) ? kit.relativize(file).toString() : file.toString();
        return Optional.of(shown + fullName.substring(colon));
    }

    private static boolean failed(TestResult r) {
        return r.getStatus() == Status.FAILED || r.getStatus() == Status.BROKEN;
    }

    private static Map<String, KnownDefect> knownDefects(String target) {
        try {
            var selected = Targets.selected();
            return selected.name().equals(target) ? selected.knownDefects() : Map.of();
        } catch (RuntimeException e) { // no target to ask (a result written outside a run): nothing is known
            return Map.of();
        }
    }

    /** The kit's folder: the CLI names it ({@code vnvdimm.root}); under Maven, the feature folder's parent. */
    static Path kitRoot() {
        String root = System.getProperty("vnvdimm.root");
        return (root != null ? Path.of(root) : HarnessSettings.current().features().getParent())
                .toAbsolutePath().normalize();
    }

    /**
     * The target of the run under way, which wrote the result: the label Maven's pom sets names the suite's target
     * only, not that of a run the harness's tests start on another (the compliance matrix's columns).
     */
    private static Optional<String> currentTarget() {
        try {
            return Optional.of(Targets.selected().name());
        } catch (RuntimeException e) { // no target to ask: the label says
            return Optional.empty();
        }
    }

    static Optional<String> label(TestResult r, String name) {
        return r.getLabels().stream().filter(l -> name.equals(l.getName())).map(Label::getValue).findFirst();
    }

    private static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has MD5", e);
        }
    }
}
