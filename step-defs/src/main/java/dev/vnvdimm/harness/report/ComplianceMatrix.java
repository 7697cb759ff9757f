package dev.vnvdimm.harness.report;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Scenario × target: pass, FAIL, known defect, n/a or not run. Each {@code check} run records its target's column
 * with its {@link Provenance} under {@code reports/compliance/TARGET.json}; the matrix is rebuilt from every
 * column present, marking those another run recorded as stale, and written as {@code reports/compliance.md} and
 * {@code reports/compliance.json}.
 */
public final class ComplianceMatrix {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One cell. */
    public record Cell(String status, String reason) {
    }

    /** One target's column: where it came from, and scenario -> cell. */
    public record Column(Provenance provenance, Map<String, Cell> cells) {
    }

    private final Map<String, Column> columns; // target -> column

    private ComplianceMatrix(Map<String, Column> columns) {
        this.columns = columns;
    }

    /** The columns by target. */
    public Map<String, Column> columns() {
        return columns;
    }

    /**
     * Records one target's run and returns the matrix over every recorded target. A {@code partial} run (some
     * scenarios selected by tag) updates its scenarios' cells and keeps the target's other cells.
     */
    public static ComplianceMatrix record(Path reports, String target, ScenarioRunner.Summary summary, boolean partial,
                                          Provenance provenance) throws IOException {
        Path dir = reports.resolve("compliance");
        Files.createDirectories(dir);
        Path file = dir.resolve(target + ".json");
        Map<String, Cell> cells = partial && Files.exists(file) ? read(file).cells() : new LinkedHashMap<>();
        for (ScenarioRunner.Outcome o : summary.outcomes()) {
            cells.put(o.name(), new Cell(label(o.status()), o.reason()));
        }
        JSON.writeValue(file.toFile(), new Column(provenance, cells));
        Map<String, Column> columns = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                columns.put(f.getFileName().toString().replaceFirst("\\.json$", ""), read(f));
            }
        }
        ComplianceMatrix m = new ComplianceMatrix(columns);
        Files.writeString(reports.resolve("compliance.md"), m.markdown());
        JSON.writeValue(reports.resolve("compliance.json").toFile(), columns);
        return m;
    }

    /** A column file; one written before columns carried provenance is a bare scenario -> cell map. */
    private static Column read(Path file) throws IOException {
        JsonNode tree = JSON.readTree(file.toFile());
        if (tree.has("cells") && tree.has("provenance")) {
            return JSON.treeToValue(tree, Column.class);
        }
        return new Column(Provenance.unknown(),
                JSON.convertValue(tree, new TypeReference<LinkedHashMap<String, Cell>>() { }));
    }

    static String label(ScenarioRunner.Status s) {
        return switch (s) {
            case PASSED -> "pass";
            case FAILED -> "FAIL";
            case KNOWN_DEFECT -> "known defect";
            case NOT_APPLICABLE -> "n/a";
            case NOT_RUN -> "not run";
        };
    }

    /** The matrix as a Markdown table, then the known hypervisor defects and the failures, each with its reason. */
    public String markdown() {
        List<String> targets = new ArrayList<>(columns.keySet());
        Set<String> scenarios = new LinkedHashSet<>();
        columns.values().forEach(c -> scenarios.addAll(c.cells().keySet()));
        StringBuilder sb = new StringBuilder("# Compliance matrix\n\n| scenario |");
        targets.forEach(t -> sb.append(' ').append(t).append(columns.get(t).provenance().stale() ? " (stale)" : "")
                .append(" |"));
        sb.append("\n|---|");
        targets.forEach(t -> sb.append("---|"));
        sb.append('\n');
        for (String s : scenarios) {
            sb.append("| ").append(s.replace("|", "\\|")).append(" |");
            for (String t : targets) {
                Cell c = columns.get(t).cells().get(s);
                sb.append(' ').append(c == null ? "–" : c.status()).append(" |");
            }
            sb.append('\n');
        }
        sb.append("\n| totals |");
        for (String t : targets) {
            Map<String, Long> n = new TreeMap<>();
            columns.get(t).cells().values().forEach(c -> n.merge(c.status(), 1L, Long::sum));
            sb.append(' ').append(n.toString().replaceAll("[{}]", "")).append(" |");
        }
        sb.append("\n");
        provenance(sb, targets);
        section(sb, "Known hypervisor defects", "known defect", targets);
        section(sb, "Failures", "FAIL", targets);
        section(sb, "Not run", "not run", targets);
        return sb.toString();
    }

    /** Where each column came from; a stale one was recorded by an earlier run and may not match this kit. */
    private void provenance(StringBuilder sb, List<String> targets) {
        sb.append("\n## Provenance\n\n| target | recorded | kit commit | target reported | |\n|---|---|---|---|---|\n");
        for (String t : targets) {
            Provenance p = columns.get(t).provenance();
            String versions = p.versions().isEmpty() ? "nothing" : p.versions().entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining("; "));
            sb.append("| ").append(t).append(" | ").append(p.date()).append(" | ").append(p.kitCommit()).append(" | ")
                    .append(versions.replace("|", "\\|")).append(" | ")
                    .append(p.stale() ? "**stale**: recorded by an earlier run" : "this run").append(" |\n");
        }
    }

    private void section(StringBuilder sb, String title, String status, List<String> targets) {
        StringBuilder body = new StringBuilder();
        for (String t : targets) {
            columns.get(t).cells().forEach((s, c) -> {
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
