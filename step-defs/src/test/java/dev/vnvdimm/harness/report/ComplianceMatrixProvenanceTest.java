package dev.vnvdimm.harness.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnvdimm.harness.ScenarioRunner;
import dev.vnvdimm.harness.ScenarioRunner.Outcome;
import dev.vnvdimm.harness.ScenarioRunner.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Columns carry where they came from, and a column an earlier run recorded is marked stale. */
class ComplianceMatrixProvenanceTest {
    @TempDir
    Path reports;

    private static final ScenarioRunner.Summary SUMMARY = new ScenarioRunner.Summary(List.of(
            new Outcome("f - passes", Status.PASSED, ""),
            new Outcome("f - lacks a tool", Status.NOT_RUN, "not run: iasl is not installed")));

    @Test
    void aColumnOfThisRunCarriesItsProvenanceAndEveryVerdict() throws Exception {
        Provenance p = new Provenance("2026-12-07T01:00:00Z", Provenance.THIS_RUN, "abc123",
                Map.of("qemu", "7.2.22 (Debian 1:7.2+dfsg-7)", "guest kernel", "6.1.0-56-amd64"));
        ComplianceMatrix m = ComplianceMatrix.record(reports, "qemu", SUMMARY, false, p);
        String md = m.markdown();
        assertThat(md).contains("| scenario | qemu |").contains("| f - passes | pass |")
                .contains("| f - lacks a tool | not run |")
                .contains("| qemu | 2026-12-07T01:00:00Z | abc123 | guest kernel 6.1.0-56-amd64; qemu 7.2.22 (Debian "
                        + "1:7.2+dfsg-7) | this run |")
                .contains("## Not run").contains("f - lacks a tool: not run: iasl is not installed");
        assertThat(Files.readString(reports.resolve("compliance.json"))).contains("\"kitCommit\" : \"abc123\"");
    }

    @Test
    void aColumnAnotherRunRecordedIsStale() throws Exception {
        Provenance earlier = new Provenance("2026-12-01T00:00:00Z", "an-earlier-run", "0ld", Map.of());
        ComplianceMatrix.record(reports, "qemu-container:7.2", SUMMARY, false, earlier);
        // a column written before columns had provenance: a bare scenario -> cell map
        Files.writeString(reports.resolve("compliance/qemu.json"), "{\"f - passes\":{\"status\":\"pass\",\"reason\":\"\"}}");
        String md = ComplianceMatrix.record(reports, "reference", SUMMARY, false,
                Provenance.now(reports, Map.of())).markdown();
        assertThat(md).contains("| scenario | reference | qemu (stale) | qemu-container:7.2 (stale) |")
                .contains("| qemu-container:7.2 | 2026-12-01T00:00:00Z | 0ld | nothing | **stale**")
                .contains("| qemu | unknown | unknown | nothing | **stale**")
                .containsPattern("\\| reference \\| \\d{4}-\\d\\d-\\d\\dT[^|]+ \\| unknown \\(not a git checkout\\) "
                        + "\\| nothing \\| this run \\|");
    }
}
