package dev.vnvdimm.harness.report;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vnvdimm.harness.ScenarioRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Scenario × target: pass, FAIL, known defect or n/a. Each {@code check} run records its target's column under
 * {@code reports/compliance/TARGET.json}; the matrix is rebuilt from every column present and written as
 * {@code reports/compliance.md} and {@code reports/compliance.json}.
 */
public final class ComplianceMatrix {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One cell. */
    public record Cell(String status, String reason) {
    }

    private final Map<String, Map<String, Cell>> columns; // target -> scenario -> cell

    private ComplianceMatrix(Map<String, Map<String, Cell>> columns) {
        this.columns = columns;
    }

    /** Records one target's run of every scenario and returns the matrix over every recorded target. */
    public static ComplianceMatrix record(Path reports, String target, ScenarioRunner.Summary summary) throws IOException {
        return record(reports, target, summary, false);
    }

    /**
     * Records one target's run and returns the matrix over every recorded target. A {@code partial} run (some
     * scenarios selected by tag) updates its scenarios' cells and keeps the target's other cells.
     */
    public static ComplianceMatrix record(Path reports, String target, ScenarioRunner.Summary summary, boolean partial)
            throws IOException {
        Path dir = reports.resolve("compliance");
        Files.createDirectories(dir);
        Path file = dir.resolve(target + ".json");
        Map<String, Cell> column = partial && Files.exists(file)
                ? JSON.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Cell>>() { })
                : new LinkedHashMap<>();
        for (ScenarioRunner.Outcome o : summary.outcomes()) {
            column.put(o.name(), new Cell(label(o.status()), o.reason()));
        }
        JSON.writeValue(file.toFile(), column);
        Map<String, Map<String, Cell>> columns = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                String name = f.getFileName().toString().replaceFirst("\\.json$", "");
                columns.put(name, JSON.readValue(f.toFile(), new TypeReference<LinkedHashMap<String, Cell>>() { }));
            }
        }
        ComplianceMatrix m = new ComplianceMatrix(columns);
        Files.writeString(reports.resolve("compliance.md"), m.markdown());
        JSON.writeValue(reports.resolve("compliance.json").toFile(), columns);
        return m;
    }

    static String label(ScenarioRunner.Status s) {
        return switch (s) {
            case PASSED -> "pass";
            case FAILED -> "FAIL";
            case KNOWN_DEFECT -> "known defect";
            case NOT_APPLICABLE -> "n/a";
        };
    }

    /** The matrix as a Markdown table, then the known hypervisor defects and the failures, each with its reason. */
    public String markdown() {
        List<String> targets = new ArrayList<>(columns.keySet());
        Set<String> scenarios = new LinkedHashSet<>();
        columns.values().forEach(c -> scenarios.addAll(c.keySet()));
        StringBuilder sb = new StringBuilder("# Compliance matrix\n\n| scenario |");
        targets.forEach(t -> sb.append(' ').append(t).append(" |"));
        sb.append("\n|---|");
        targets.forEach(t -> sb.append("---|"));
        sb.append('\n');
        for (String s : scenarios) {
            sb.append("| ").append(s.replace("|", "\\|")).append(" |");
            for (String t : targets) {
                Cell c = columns.get(t).get(s);
                sb.append(' ').append(c == null ? "–" : c.status()).append(" |");
            }
            sb.append('\n');
        }
        sb.append("\n| totals |");
        for (String t : targets) {
            Map<String, Long> n = new TreeMap<>();
            columns.get(t).values().forEach(c -> n.merge(c.status(), 1L, Long::sum));
            sb.append(' ').append(n.toString().replaceAll("[{}]", "")).append(" |");
        }
        sb.append("\n");
        section(sb, "Known hypervisor defects", "known defect", targets);
        section(sb, "Failures", "FAIL", targets);
        return sb.toString();
    }

    private void section(StringBuilder sb, String title, String status, List<String> targets) {
        StringBuilder body = new StringBuilder();
        for (String t : targets) {
            columns.get(t).forEach((s, c) -> {
                if (c.status().equals(status)) {
                    body.append("- **").append(t).append("** — ").append(s).append(": ").append(c.reason()).append('\n');
                }
            });
        }
        if (!body.isEmpty()) {
            sb.append("\n## ").append(title).append("\n\n").append(body);
        }
    }
}
