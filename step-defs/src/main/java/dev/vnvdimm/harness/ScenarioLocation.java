package dev.vnvdimm.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a scenario lives, read from its feature file: a stable id for the compliance matrix (the feature file's
 * name, the scenario's line and, for an outline, its example row's line: {@code hotplug.feature:40} or
 * {@code acpi-tables.feature:77:88}), the feature's name, a short title a person reads (an outline's title with the
 * example row's values put in, never "Examples - Example #1.3"), and {@code FILE:LINE}, the path Cucumber reruns
 * just that scenario or example row with.
 */
public record ScenarioLocation(String id, String feature, String title, String location) {
    private static final Pattern SCENARIO = Pattern.compile(
            "^\\s*(Scenario Outline|Scenario Template|Scenario|Example):\\s*(.*)$");
    private static final Pattern EXAMPLES = Pattern.compile("^\\s*(Examples|Scenarios):.*$");
    /** A key column's value is cut to this many characters in a title: a key, not the row's whole text. */
    private static final int KEY_WIDTH = 40;
    private static final Pattern PLACEHOLDER = Pattern.compile("<([^<>]+)>");

    /** A scenario known only by a name (no feature file to read): its name is its id and its title. */
    public static ScenarioLocation named(String name) {
        return new ScenarioLocation(name, "", name, "");
    }

    /** The feature's name and the title, as one line of a report. */
    public String displayName() {
        return feature.isEmpty() ? title : feature + " - " + title;
    }

    /**
     * The scenario (or example row) at {@code line} of {@code file}; {@code shown} is the path the rerun command
     * names the file by (relative to the kit where it lies inside it).
     */
    public static ScenarioLocation of(Path file, int line, String shown) {
        List<String> lines = read(file);
        String name = file.getFileName().toString();
        String feature = lines.stream().map(String::strip).filter(l -> l.startsWith("Feature:"))
                .map(l -> l.substring("Feature:".length()).strip()).findFirst().orElse(name);
        String location = shown + ":" + line;
        if (line < 1 || line > lines.size()) {
            return new ScenarioLocation(name + ":" + line, feature, "line " + line, location);
        }
        String at = lines.get(line - 1).strip();
        if (!at.startsWith("|")) {
            Matcher m = SCENARIO.matcher(lines.get(line - 1));
            return new ScenarioLocation(name + ":" + line, feature, m.matches() ? m.group(2).strip() : at, location);
        }
        // an example row: its header is the first row after the nearest Examples: above it, its outline above that
        int header = -1;
        int outline = -1;
        for (int i = line - 2; i >= 0; i--) {
            if (header < 0 && EXAMPLES.matcher(lines.get(i)).matches()) {
                for (int j = i + 1; j < line - 1; j++) {
                    if (lines.get(j).strip().startsWith("|")) {
                        header = j;
                        break;
                    }
                }
            }
            if (SCENARIO.matcher(lines.get(i)).matches()) {
                outline = i;
                break;
            }
        }
        if (outline < 0) {
            return new ScenarioLocation(name + ":" + line, feature, at, location);
        }
        Matcher m = SCENARIO.matcher(lines.get(outline));
        m.matches();
        String title = m.group(2).strip();
        List<String> values = cells(at);
        List<String> keys = header < 0 ? List.of() : cells(lines.get(header).strip());
        StringBuilder sb = new StringBuilder();
        Matcher p = PLACEHOLDER.matcher(title);
        boolean substituted = false;
        while (p.find()) {
            int k = keys.indexOf(p.group(1));
            String value = k >= 0 && k < values.size() ? values.get(k) : p.group();
            substituted |= k >= 0;
            p.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        p.appendTail(sb);
        if (!substituted) {
            // a title without placeholders: the row's leading (key) columns tell the rows apart
            sb.append(" (").append(String.join(", ", values.subList(0, Math.min(2, values.size())).stream()
                    .map(v -> v.length() > KEY_WIDTH ? v.substring(0, KEY_WIDTH - 1) + "…" : v).toList())).append(')');
        }
        return new ScenarioLocation(name + ":" + (outline + 1) + ":" + line, feature, sb.toString(), location);
    }

    private static List<String> cells(String row) {
        List<String> out = new ArrayList<>();
        String t = row.strip();
        if (t.startsWith("|")) {
            t = t.substring(1);
        }
        if (t.endsWith("|")) {
            t = t.substring(0, t.length() - 1);
        }
        for (String c : t.split("(?<!\\\\)\\|", -1)) {
            out.add(c.strip().replace("\\|", "|"));
        }
        return out;
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
