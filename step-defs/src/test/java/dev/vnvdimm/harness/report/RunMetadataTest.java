package dev.vnvdimm.harness.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's environment lists every target of the run, each as it reported itself, and the history carries on. */
class RunMetadataTest {
    @TempDir
    Path dir;

    @Test
    void eachTargetKeepsItsOwnEntriesAndTheLatestWins() throws Exception {
        RunMetadata.recordTarget(dir, dir, "reference", Map.of("emulator", "vnvdimm-kit reference emulator"));
        RunMetadata.recordTarget(dir, dir, "qemu", Map.of("qemu", "7.2.22 (Debian 1:7.2)", "guest kernel", "6.1"));
        RunMetadata.recordTarget(dir, dir, "qemu", Map.of("qemu", "7.2.22 (Debian 1:7.2)", "guest kernel", "6.1.0"));
        Map<String, String> env = RunMetadata.read(dir.resolve("environment.properties"));
        assertThat(env).containsEntry("reference.emulator", "vnvdimm-kit reference emulator")
                .containsEntry("qemu.qemu", "7.2.22 (Debian 1:7.2)").containsEntry("qemu.guest-kernel", "6.1.0")
                .containsKeys("kit.version", "kit.commit", "host", "tool.iasl", "tool.docker");
    }

    @Test
    void theLastReportsHistoryGoesIntoTheNextResults() throws Exception {
        Path history = Files.createDirectories(dir.resolve("reports/allure/history"));
        Files.writeString(history.resolve("history-trend.json"), "[]");
        Path results = Files.createDirectories(dir.resolve("results"));
        AllureReport.carryHistory(dir.resolve("reports/allure"), results);
        assertThat(results.resolve("history/history-trend.json")).hasContent("[]");
        AllureReport.carryHistory(dir.resolve("nowhere"), Files.createDirectories(dir.resolve("fresh")));
        assertThat(dir.resolve("fresh/history")).doesNotExist();
    }
}
