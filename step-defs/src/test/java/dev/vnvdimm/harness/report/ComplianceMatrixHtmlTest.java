package dev.vnvdimm.harness.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnvdimm.harness.ScenarioLocation;
import dev.vnvdimm.harness.ScenarioRunner;
import dev.vnvdimm.harness.ScenarioRunner.Outcome;
import dev.vnvdimm.harness.ScenarioRunner.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML matrix: self-contained, columns in natural order, short names, defects and failures linked. */
class ComplianceMatrixHtmlTest {
    @TempDir
    Path reports;

    private static final ScenarioLocation PASSES = new ScenarioLocation("slots.feature:2", "slots", "one slot",
            "features/slots.feature:2");
    private static final ScenarioLocation ROW = new ScenarioLocation("slots.feature:5:11", "slots", "slot 1 holds 1G",
            "features/slots.feature:11");

    private static ScenarioRunner.Summary summary(Status row, String reason) {
        return new ScenarioRunner.Summary(List.of(new Outcome("slots - one slot", Status.PASSED, "", PASSES),
                new Outcome("slots - Examples - Example #1.2", row, reason, ROW)));
    }

    @Test
    void theHtmlMatrixOrdersColumnsNaturallyAndLinksDefectsAndFailures() throws Exception {
        Provenance now = Provenance.now(reports, Map.of("qemu", "7.2.22"));
        for (String t : List.of("qemu-container:11.1", "qemu-container:10.0", "qemu-container:5.2",
                "qemu-container:10.0@linux-6.12", "qemu-container:7.2")) {
            ComplianceMatrix.record(reports, t, summary(Status.PASSED, ""), false, now);
        }
        ComplianceMatrix.record(reports, "qemu", summary(Status.KNOWN_DEFECT, "qemu-some-defect: QEMU does X"),
                false, now);
        ComplianceMatrix m = ComplianceMatrix.record(reports, "reference",
                summary(Status.FAILED, "expected <1> but was <2>"), false, now);
        assertThat(m.targets()).containsExactly("reference", "qemu-container:5.2", "qemu-container:7.2", "qemu",
                "qemu-container:10.0", "qemu-container:10.0@linux-6.12", "qemu-container:11.1");
        String html = Files.readString(reports.resolve("compliance.html"));
        assertThat(html).startsWith("<!DOCTYPE html>").doesNotContain("http:").doesNotContain("https:")
                .doesNotContain("<script").doesNotContain("Example #")
                .contains("<tr class=\"feature\"><th colspan=\"8\">slots</th></tr>")
                .contains("slot 1 holds 1G")
                .contains("<a href=\"#defect-qemu-some-defect\">known defect</a>")
                .contains("<dt id=\"defect-qemu-some-defect\">")
                .contains("<a href=\"#fail-1\">FAIL</a>").contains("<li id=\"fail-1\">")
                .contains("expected &lt;1&gt; but was &lt;2&gt;")
                .contains("./vnvdimm check --target reference --features features/slots.feature:11");
        assertThat(Files.readString(reports.resolve("compliance.json")))
                .contains("\"slots.feature:5:11\"").doesNotContain("Example #");
    }

    @Test
    void aGuestKernelColumnRerunsWithItsKernel() {
        assertThat(RerunCommand.of("qemu-container:10.0@linux-6.12", "features/a.feature:3"))
                .isEqualTo("./vnvdimm check --target qemu-container:10.0 --guest-kernel 6.12 --features "
                        + "features/a.feature:3");
    }
}
