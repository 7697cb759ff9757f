package dev.vnvdimm.harness.report;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vnvdimm.harness.ScenarioLocation;
import dev.vnvdimm.harness.ScenarioRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * column present, marking those another run recorded as stale, and written as {@code reports/compliance.md},
 * {@code reports/compliance.json} and {@code reports/compliance.html}. Cells are keyed by the scenario's stable id
 * ({@link ScenarioLocation#id()}: feature file, scenario line, example row line), never by its display name.
 */
public final class ComplianceMatrix {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One cell: the verdict and its reason, and the scenario's feature, short title and {@code FILE:LINE} (absent in
     * columns recorded before cells carried them).
     */
    public record Cell(String status, String reason, String feature, String scenario, String location) {
        /** The scenario as one line of a report. */
        public String displayName(String id) {
            if (scenario == null) {
                return id;
            }
            return feature == null || feature.isEmpty() ? scenario : feature + " - " + scenario;
        }
    }

    /** One target's column: where it came from, and scenario -> cell. */
    public record Column(Provenance provenance, Map<String, Cell> cells) {
    }

    private final Map<String, Column> columns; // target -> column, in TargetOrder

    private ComplianceMatrix(Map<String, Column> columns) {
        Map<String, Provenance> provenances = new TreeMap<>();
        columns.forEach((t, c) -> provenances.put(t, c.provenance()));
        Map<String, Column> ordered = new LinkedHashMap<>();
        columns.keySet().stream().sorted(TargetOrder.of(provenances)).forEach(t -> ordered.put(t, columns.get(t)));
        this.columns = ordered;
    }

    /** The columns by target, reference first, then QEMU by version. */
    public Map<String, Column> columns() {
        return columns;
    }

    /** The targets in column order. */
    public List<String> targets() {
        return List.copyOf(columns.keySet());
    }

    /** Every scenario's id, grouped by feature file and in file order. */
    public List<String> scenarioIds() {
        Set<String> ids = new LinkedHashSet<>();
        columns.values().forEach(c -> ids.addAll(c.cells().keySet()));
        return ids.stream().sorted(ComplianceMatrix::compareIds).toList();
    }

    /** The first cell any column has for {@code id}: it names the scenario. */
    public Cell anyCell(String id) {
        return columns.values().stream().map(c -> c.cells().get(id)).filter(java.util.Objects::nonNull).findFirst()
                .orElseThrow();
    }

    /** Ids {@code FILE:LINE[:ROW]} by file, then line numbers; ids of older columns (names) after them, by name. */
    static int compareIds(String a, String b) {
        String[] x = a.split(":");
        String[] y = b.split(":");
        boolean xi = x.length > 1 && x[0].endsWith(".feature");
        boolean yi = y.length > 1 && y[0].endsWith(".feature");
        if (xi != yi) {
            return xi ? -1 : 1;
        }
        if (!xi || !x[0].equals(y[0])) {
            return a.compareTo(b);
        }
        return TargetOrder.compare(TargetOrder.version(a.substring(x[0].length()).replace(':', '.').substring(1)),
                TargetOrder.version(b.substring(y[0].length()).replace(':', '.').substring(1)));
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
            ScenarioLocation w = o.where();
            cells.put(w.id(), new Cell(label(o.status()), o.reason(), w.feature(), w.title(), w.location()));
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
        JSON.writeValue(reports.resolve("compliance.json").toFile(), m.columns());
        Files.writeString(reports.resolve("compliance.html"), ComplianceMatrixHtml.render(m));
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
        List<String> targets = targets();
        List<String> scenarios = scenarioIds();
        StringBuilder sb = new StringBuilder("# Compliance matrix\n\n| scenario |");
        targets.forEach(t -> sb.append(' ').append(t).append(columns.get(t).provenance().stale() ? " (stale)" : "")
                .append(" |"));
        sb.append("\n|---|");
        targets.forEach(t -> sb.append("---|"));
        sb.append('\n');
        for (String s : scenarios) {
            sb.append("| ").append(anyCell(s).displayName(s).replace("|", "\\|")).append(" |");
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
                    body.append("- **").append(t).append("** — ").append(c.displayName(s)).append(": ").append(c.reason())
                            .append('\n');
                }
            });
        }
        if (!body.isEmpty()) {
            sb.append("\n## ").append(title).append("\n\n").append(body);
        }
    }
}
