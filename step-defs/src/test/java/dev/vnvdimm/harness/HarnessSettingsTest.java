package dev.vnvdimm.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** A Maven-driven run's settings come from -Dvnvdimm.* in one place; a run installs its own for the glue. */
class HarnessSettingsTest {
    private static final Map<String, String> RUN = Map.of(HarnessSettings.TARGET_PROPERTY, "qemu-container:7.2",
            HarnessSettings.QEMU_PROPERTY, "/opt/qemu/bin/qemu-system-x86_64",
            HarnessSettings.GUEST_KERNEL_PROPERTY, "6.12", HarnessSettings.RESTORE_PROPERTY, "off",
            HarnessSettings.STRICT_PROPERTY, "true", HarnessSettings.FEATURES_PROPERTY, "/kit/features",
            HarnessSettings.POWER_LOSS_KILLS_PROPERTY, "1000");

    @Test
    void everyPropertyIsReadIntoItsSetting() {
        Map<String, String> before = new HashMap<>();
        RUN.keySet().forEach(k -> before.put(k, System.getProperty(k)));
        RUN.forEach(System::setProperty);
        try {
            assertThat(HarnessSettings.fromSystemProperties()).isEqualTo(new HarnessSettings("qemu-container:7.2",
                    Optional.of(Path.of("/opt/qemu/bin/qemu-system-x86_64")), Optional.of("6.12"), false, true,
                    Path.of("/kit/features"), OptionalInt.of(1000)));
        } finally {
            before.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
    }

    @Test
    void withoutPropertiesARunIsOnTheReferenceRestoringAndLenient() {
        HarnessSettings s = HarnessSettings.fromSystemProperties();
        if (System.getProperty(HarnessSettings.TARGET_PROPERTY) == null) {
            assertThat(s.target()).isEqualTo(Targets.REFERENCE);
        }
        if (System.getProperty(HarnessSettings.RESTORE_PROPERTY) == null) {
            assertThat(s.restoreSavedMachines()).isTrue();
        }
        assertThat(s.features()).isAbsolute();
    }

    @Test
    void aRunsInstalledSettingsAreWhatItsGlueReadsAndOnlyWhileItRuns() {
        HarnessSettings mine = HarnessSettings.fromSystemProperties().withTarget("class:made.Up")
                .withGuestKernel(Optional.of("5.10")).withRestoreSavedMachines(false);
        HarnessSettings.install(mine);
        try {
            assertThat(HarnessSettings.current()).isSameAs(mine);
        } finally {
            HarnessSettings.install(null);
        }
        assertThat(HarnessSettings.current()).isEqualTo(HarnessSettings.fromSystemProperties());
    }
}
