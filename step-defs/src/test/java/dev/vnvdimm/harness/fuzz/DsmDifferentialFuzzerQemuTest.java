package dev.vnvdimm.harness.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnvdimm.harness.HarnessSettings;
import dev.vnvdimm.harness.Strictness;
import dev.vnvdimm.harness.Targets;
import dev.vnvdimm.harness.targets.NotRun;
import dev.vnvdimm.harness.targets.Target;
import dev.vnvdimm.harness.targets.qemu.QemuTarget;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * A bounded differential run on the local QEMU (Debian bookworm's 7.2 in CI): a hundred requests, every one
 * answered as the reference answers or as a defect that QEMU version declares. Not run without QEMU (a failure
 * under CI=true, which installs it).
 */
class DsmDifferentialFuzzerQemuTest {
    private static final int REQUESTS = 100;

    @Test
    void aHundredRequestsToTheLocalQemuDivergeNowhereButInItsKnownDefects() {
        HarnessSettings settings = HarnessSettings.fromSystemProperties().withTarget(QemuTarget.NAME)
                .withRestoreSavedMachines(false);
        Optional<String> why = Targets.unavailable(settings);
        if (why.isPresent()) {
            String message = "the differential DSM run on QEMU is not checked: " + why.get();
            if (Strictness.strict(settings)) {
                Assertions.fail("not run, which fails a strict run (" + Strictness.why() + "): " + message);
            }
            throw new NotRun(message);
        }
        Target qemu = Targets.create(QemuTarget.NAME);
        DsmDifferentialFuzzer.Result r = new DsmDifferentialFuzzer(new TargetDsmSide(Targets.create(Targets.REFERENCE)),
                new TargetDsmSide(qemu), qemu.knownDefects()).run(2026, REQUESTS, DsmDifferentialFuzzer.Listener.NONE);
        String reproducers = r.divergences().stream().map(d -> ReproducerScenario.of(d, ReproducerScenario.title(d),
                List.of(d.difference().description()))).collect(Collectors.joining("\n"));
        assertThat(r.divergences()).as("new divergences from QEMU %s:\n%s",
                qemu.reportedVersions().get("qemu"), reproducers).isEmpty();
        assertThat(qemu.reportedVersions()).as("what QEMU said of itself").containsKey("qemu");
        assertThat(r.same() + r.otherFitOrder() + r.knownDefectCount()).isEqualTo(REQUESTS);
        assertThat(r.same()).as("answered alike").isGreaterThan(REQUESTS / 2);
        assertThat(r.labelTransfersAgreed()).as("label reads and writes QEMU carried out as the reference did")
                .isPositive();
    }
}
