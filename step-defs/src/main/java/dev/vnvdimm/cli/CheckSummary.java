package dev.vnvdimm.cli;

import dev.vnvdimm.harness.Progress;
import dev.vnvdimm.harness.ScenarioRunner;
import dev.vnvdimm.harness.ScenarioRunner.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The closing summary of {@code check}, in the spirit of meson's "Ok / Expected Fail / Fail / Skipped": one row
 * per verdict (the five the matrix and the report show), one column per target, then the time each took.
 */
final class CheckSummary {
    private static final Map<Status, String> ROWS = new LinkedHashMap<>();

    static {
        ROWS.put(Status.PASSED, "pass");
        ROWS.put(Status.FAILED, "FAIL");
        ROWS.put(Status.KNOWN_DEFECT, "known defect");
        ROWS.put(Status.NOT_APPLICABLE, "not applicable");
        ROWS.put(Status.NOT_RUN, "not run");
    }

    /** One target's run. */
    record Column(String target, ScenarioRunner.Summary summary, double seconds) {
    }

    private CheckSummary() {
    }

    static List<String> lines(List<Column> columns, boolean colour) {
        List<String> out = new ArrayList<>();
        int width = Math.max(8, columns.stream().mapToInt(c -> c.target().length()).max().orElse(0));
        StringBuilder head = new StringBuilder(String.format("%-16s", "Summary"));
        columns.forEach(c -> head.append(String.format(" %" + width + "s", c.target())));
        out.add(head.toString());
        ROWS.forEach((status, label) -> {
            StringBuilder row = new StringBuilder(String.format("  %-14s", label));
            for (Column c : columns) {
                long n = c.summary().count(status);
                String cell = String.format(" %" + width + "d", n);
                row.append(n > 0 ? Progress.paint(status, cell, colour) : cell);
            }
            out.add(row.toString());
        });
        StringBuilder time = new StringBuilder(String.format("  %-14s", "time"));
        columns.forEach(c -> time.append(String.format(" %" + width + "s", duration(c.seconds()))));
        out.add(time.toString());
        for (Column c : columns) {
            // meson's "Unexpected Pass": a declared known defect that did not show
            long stale = c.summary().outcomes().stream().filter(o -> o.status() == Status.PASSED
                    && o.reason() != null && o.reason().startsWith("known defect ")).count();
            if (stale > 0) {
                out.add("  " + c.target() + ": " + stale + " pass" + (stale == 1 ? "" : "es")
                        + " where a known defect was declared (see the matrix)");
            }
        }
        return out;
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s < 120 ? s + " s" : s / 60 + " min " + s % 60 + " s";
    }
}
