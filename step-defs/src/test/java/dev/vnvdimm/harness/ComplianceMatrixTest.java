package dev.vnvdimm.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnvdimm.harness.report.AllureCategories;
import dev.vnvdimm.harness.report.ComplianceMatrix;
import dev.vnvdimm.harness.report.Provenance;
import dev.vnvdimm.harness.targets.NotRun;
import dev.vnvdimm.harness.targets.Target;
import dev.vnvdimm.harness.targets.qemu.QemuBinary;
import dev.vnvdimm.harness.targets.qemu.QemuTarget;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The compliance matrix of {@code mvn verify}: every feature on the reference target, and the features wired to
 * real QEMU on every QEMU target this machine has: the local
 * {@code qemu-system-x86_64} and the QEMU containers of {@link #QEMU_VERSIONS} (5.2 to 11.1), all booting the kit's Linux guest
 * image with Linux 6.1; the guest-facing features on each other guest kernel: Linux 5.10 on the 7.2 container
 * (which would otherwise repeat the local 7.2), 6.12 on 10.0, 7.2 on 11.1. One test per
 * scenario: a pass or a reproduced known defect succeeds, a FAIL fails, a scenario not applicable (a capability
 * the target declares it lacks) is skipped saying so, and one not run (a tool, image or target missing here) is
 * skipped naming what is missing — or fails, under {@code CI=true} or {@code -Dvnvdimm.strict=true}, since
 * {@code .ci/run} installs everything. Each target's column goes, with its provenance, to
 * {@code reports/compliance.md} and {@code .json}, as {@code ./vnvdimm check} writes it.
 */
class ComplianceMatrixTest {
    /** This Maven run's settings (-Dvnvdimm.*); each column sets its own target and guest kernel on them. */
    private static final HarnessSettings SETTINGS = HarnessSettings.fromSystemProperties();

    /** The features whose steps QEMU answers. */
    static final List<String> WIRED = List.of("dsm-protocol.feature", "migration.feature",
            "migration-label-writes.feature", "interoperability.feature", "guest-boot.feature", "dsm-errors.feature", "label-size.feature", "reserve-label-data.feature",
            "acpi-tables.feature", "label-data.feature", "memory-backend-file.feature", "nvdimm-configuration.feature",
            "dimm-placement.feature", "hotplug.feature", "migrate-incoming.feature", "life-cycle.feature",
            "read-only-nvdimm.feature", "dax-filesystem.feature");
    /**
     * Power loss: every kill is followed by a real Linux boot (about 4 min a column under TCG), so in mvn verify it
     * runs on the local QEMU only; {@code ./vnvdimm check --features features/label-crash-safety.feature} runs it
     * on any target.
     */
    static final List<String> LOCAL_QEMU_ONLY = List.of("label-crash-safety.feature");
    /** The QEMU versions of Debian bullseye, bookworm, trixie and sid, each in its container. */
    static final List<String> QEMU_VERSIONS = List.of("5.2", "7.2", "10.0", "11.1");
    /** The features that exercise the guest kernel, run again on the other kernels. */
    static final List<String> GUEST_FACING = List.of("guest-boot.feature", "dsm-errors.feature", "migration.feature",
            "migration-label-writes.feature", "interoperability.feature", "hotplug.feature", "life-cycle.feature",
            "read-only-nvdimm.feature", "dax-filesystem.feature");

    static final Path REPORTS = Path.of(System.getProperty("vnvdimm.reports", "../reports")).toAbsolutePath().normalize();

    @TestFactory
    Stream<DynamicNode> featuresBehaveAsDeclaredOnEveryQemuTarget() throws IOException {
        // the Allure report of mvn verify sorts skips and known defects into the five verdicts
        AllureCategories.write(Path.of(System.getProperty("allure.results.directory",
                "target/allure-results")), DeclaredTags.knownDefects());
        List<DynamicNode> targets = new ArrayList<>();
        targets.add(target(Targets.REFERENCE, null, List.of("")));
        targets.add(target(QemuTarget.NAME, null, Stream.concat(WIRED.stream(), LOCAL_QEMU_ONLY.stream()).toList()));
        for (String tag : QEMU_VERSIONS) {
            // the local QEMU is bookworm's 7.2, the very package of the 7.2 container: there the container's own
            // wiring (bind mounts, loopback migration, exec: inside the container) is what is left to check, and
            // it checks it with the oldest guest kernel, Linux 5.10, an old guest on a newer host
            boolean sameAsLocal = tag.equals("7.2") && QemuBinary.find(SETTINGS.qemu()).map(b -> b.version().startsWith("7.2."))
                    .orElse(false);
            targets.add(sameAsLocal ? target(QemuTarget.CONTAINER_PREFIX + tag, "5.10", GUEST_FACING)
                    : target(QemuTarget.CONTAINER_PREFIX + tag, null, WIRED));
        }
        // the other guest kernels with the QEMU of their own Debian release
        targets.add(target(QemuTarget.CONTAINER_PREFIX + "10.0", "6.12", GUEST_FACING));
        targets.add(target(QemuTarget.CONTAINER_PREFIX + "11.1", "7.2", GUEST_FACING));
        return targets.stream();
    }

    private static DynamicNode target(String name, String kernel, List<String> features) {
        String title = name + (kernel == null ? "" : "@linux-" + kernel);
        HarnessSettings settings = SETTINGS.withTarget(name).withGuestKernel(Optional.ofNullable(kernel));
        Optional<String> why = Targets.unavailable(settings);
        if (why.isPresent()) {
            return DynamicTest.dynamicTest(title, () -> notRun(title + " is not checked: " + why.get()));
        }
        String label = System.getProperty("allure.label.target");
        try {
            Target target = Targets.selected(settings);
            System.setProperty("allure.label.target", target.name()); // Allure's API: see cli.CheckCommand
            Path dir = settings.features();
            StringWriter progress = new StringWriter();
            List<DynamicNode> tests = new ArrayList<>();
            long started = System.nanoTime();
            List<Path> files = features.stream().map(dir::resolve).toList();
            files.forEach(f -> assertThat(f).as("wired feature").exists());
            // the Cucumber suite already put the reference target's results in the Allure report; on QEMU all of
            // a column's features are one run, so its two workers share them and neither idles at a file's end
            ScenarioRunner.Summary run = target instanceof QemuTarget
                    ? ScenarioRunner.run(settings, files, Optional.empty(), 2, new PrintWriter(progress))
                    : ScenarioRunner.run(settings, dir.resolve(features.get(0)), Optional.empty(), Optional.empty(),
                            CucumberSettings.QUIET_PLUGINS, new PrintWriter(progress));
            assertThat(run.outcomes()).as("scenarios on %s", title).isNotEmpty();
            for (Path file : files.stream().filter(Files::isRegularFile).toList()) {
                String feature = featureName(file);
                assertThat(run.outcomes()).as("scenarios of %s on %s", file.getFileName(), title)
                        .anyMatch(o -> o.name().startsWith(feature + " - "));
            }
            for (ScenarioRunner.Outcome o : run.outcomes()) {
                tests.add(DynamicTest.dynamicTest(o.name(), () -> verdict(o, title)));
            }
            ComplianceMatrix.record(REPORTS, target.name(), run, false,
                    Provenance.now(REPORTS.getParent(), target.reportedVersions()));
            // one line per column in the build log: the per-target wall times a reviewer asks for
            System.out.println("compliance matrix: " + run.tally(target.name(), (System.nanoTime() - started) / 1e9));
            return DynamicContainer.dynamicContainer(title, tests);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            set("allure.label.target", label);
        }
    }

    /** The name after "Feature:" in a feature file, which starts each of its scenarios' long names. */
    private static String featureName(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(String::strip).filter(l -> l.startsWith("Feature:"))
                .map(l -> l.substring("Feature:".length()).strip()).findFirst()
                .orElseThrow(() -> new AssertionError(file + " has no Feature: line"));
    }

    /**
     * A scenario's verdict as a JUnit result: pass and known defect succeed, FAIL fails, not applicable is a skip
     * whose message says so, and not run is a skip that fails a strict run (CI), naming what is missing.
     */
    private static void verdict(ScenarioRunner.Outcome o, String title) {
        switch (o.status()) {
            case PASSED, KNOWN_DEFECT -> { }
            case FAILED -> Assertions.fail(o.name() + " on " + title + ": " + o.reason());
            case NOT_APPLICABLE -> Assumptions.abort(o.reason());
            case NOT_RUN -> notRun(o.name() + " on " + title + ": " + o.reason());
        }
    }

    private static void notRun(String why) {
        if (Strictness.strict(SETTINGS)) {
            Assertions.fail("not run, which fails a strict run (" + Strictness.why() + "): " + why);
        }
        throw new NotRun(why);
    }

    private static void set(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
