package dev.vnvdimm.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnvdimm.harness.targets.Targets;
import dev.vnvdimm.harness.targets.qemu.QemuBinary;
import dev.vnvdimm.harness.targets.qemu.QemuTarget;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The features wired to real QEMU so far, run on the local {@code qemu-system-x86_64} booting the kit's Linux
 * guest image: one test per scenario, each passing when the scenario behaved as declared for QEMU — passed,
 * reproduced its known defect exactly, or was not applicable. Reported as skipped, with the reason, only where
 * QEMU is not installed; {@code .ci/run} installs it.
 */
class QemuTargetTest {
    /** The features whose steps QEMU answers today; the rest need guest-less memory access (issue 7). */
    static final List<String> WIRED = List.of("dsm-protocol.feature", "migration.feature");

    @TestFactory
    Stream<DynamicTest> featuresWiredToQemuBehaveAsDeclared() {
        Optional<QemuBinary> qemu = QemuBinary.find();
        Assumptions.assumeTrue(qemu.isPresent(), "qemu-system-x86_64 is not installed (Debian: apt-get install "
                + "qemu-system-x86); the qemu target is not checked");
        Optional<String> missing = dev.vnvdimm.harness.targets.qemu.LinuxGuestImage.missingTool();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "the Linux guest image cannot be built here: "
                + missing.orElse("") + " is missing");
        String before = System.getProperty(Targets.PROPERTY);
        String label = System.getProperty("allure.label.target");
        System.setProperty(Targets.PROPERTY, QemuTarget.NAME);
        System.setProperty("allure.label.target", QemuTarget.NAME + " " + qemu.get().version());
        try {
            Path features = Path.of(System.getProperty("vnvdimm.features", "../features")).toAbsolutePath().normalize();
            StringWriter progress = new StringWriter();
            Stream.Builder<DynamicTest> tests = Stream.builder();
            for (String feature : WIRED) {
                Assumptions.assumeTrue(Files.exists(features.resolve(feature)), "no " + feature);
                ScenarioRunner.Summary s = ScenarioRunner.run(features.resolve(feature), Optional.empty(),
                        new PrintWriter(progress));
                for (ScenarioRunner.Outcome o : s.outcomes()) {
                    tests.add(DynamicTest.dynamicTest("qemu " + qemu.get().version() + ": " + o.name(), () ->
                            assertThat(o.status()).as("%s: %s", o.name(), o.reason())
                                    .isNotEqualTo(ScenarioRunner.Status.FAILED)));
                }
            }
            return tests.build();
        } finally {
            restore(Targets.PROPERTY, before);
            restore("allure.label.target", label);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
