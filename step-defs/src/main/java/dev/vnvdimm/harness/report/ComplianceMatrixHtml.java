package dev.vnvdimm.harness.report;

import dev.vnvdimm.harness.report.ComplianceMatrix.Cell;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The compliance matrix as one self-contained HTML page (inline style, no script, nothing fetched): features as
 * row groups, one column per target with its version and date, a colour per verdict, each known defect linked to
 * its summary and each failure to its reason and rerun command.
 */
final class ComplianceMatrixHtml {
    /** Verdict label -> CSS class. */
    private static final Map<String, String> CLASSES = Map.of("pass", "pass", "FAIL", "fail",
            "known defect", "known", "n/a", "na", "not run", "notrun");
    private static final List<String> ORDER = List.of("pass", "FAIL", "known defect", "n/a", "not run");

    private ComplianceMatrixHtml() {
    }

    static String render(ComplianceMatrix m) {
        List<String> targets = m.targets();
        StringBuilder h = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>vNVDIMM compliance matrix</title>
                <style>
                body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
                table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}
                thead th{position:sticky;top:0;background:#f4f4f4}
                tr.feature th{background:#e8e8f0;font-weight:600}
                td.pass{background:#c8ecc8}td.fail{background:#f4b4b4;font-weight:700}td.known{background:#f8e3a0}
                td.na{background:#dde6f0;color:#555}td.notrun{background:#e4e4e4;color:#666}td.none{color:#aaa}
                td a{color:inherit}small{color:#666}code{font-size:90%}.legend span{padding:1px 8px;margin-right:4px}
                </style></head><body>
                <h1>vNVDIMM compliance matrix</h1>
                <p class="legend"><span style="background:#c8ecc8">pass</span><span style="background:#f4b4b4">FAIL</span>\
                <span style="background:#f8e3a0">known defect</span><span style="background:#dde6f0">not applicable</span>\
                <span style="background:#e4e4e4">not run</span></p>
                <table><thead><tr><th>scenario</th>""");
        for (String t : targets) {
            Provenance p = m.columns().get(t).provenance();
            h.append("<th>").append(esc(t)).append("<br><small>").append(esc(versions(p))).append("<br>")
                    .append(esc(p.date())).append(p.stale() ? " (stale)" : "").append("</small></th>");
        }
        h.append("</tr></thead><tbody>\n");
        Map<String, String> defects = new TreeMap<>(); // id -> summary
        Map<String, String> failures = new LinkedHashMap<>(); // anchor -> reason block
        String feature = null;
        for (String id : m.scenarioIds()) {
            Cell named = m.anyCell(id);
            String f = named.feature() == null ? "" : named.feature();
            if (!f.equals(feature)) {
                feature = f;
                h.append("<tr class=\"feature\"><th colspan=\"").append(targets.size() + 1).append("\">")
                        .append(esc(f.isEmpty() ? "(no feature)" : f)).append("</th></tr>\n");
            }
            h.append("<tr><td title=\"").append(esc(id)).append("\">")
                    .append(esc(named.scenario() == null ? id : named.scenario())).append("</td>");
            for (int i = 0; i < targets.size(); i++) {
                Cell c = m.columns().get(targets.get(i)).cells().get(id);
                if (c == null) {
                    h.append("<td class=\"none\">–</td>");
                    continue;
                }
                String text = esc(c.status());
                if (c.status().equals("known defect")) {
                    String defect = defectId(c.reason());
                    defects.putIfAbsent(defect, c.reason());
                    text = "<a href=\"#defect-" + esc(defect) + "\">" + text + "</a>";
                } else if (c.status().equals("FAIL")) {
                    String anchor = "fail-" + (failures.size() + 1);
                    String location = c.location() == null || c.location().isEmpty() ? null : c.location();
                    failures.put(anchor, "<b>" + esc(targets.get(i)) + "</b> — " + esc(c.displayName(id))
                            + (location == null ? "" : " <small>(" + esc(location) + ")</small>")
                            + "<br><pre>" + esc(c.reason()) + "</pre>"
                            + (location == null ? "" : "rerun: <code>" + esc(RerunCommand.of(targets.get(i), location))
                            + "</code>"));
                    text = "<a href=\"#" + anchor + "\">" + text + "</a>";
                }
                h.append("<td class=\"").append(CLASSES.getOrDefault(c.status(), "none")).append("\"")
                        .append(c.reason() == null || c.reason().isEmpty() ? "" : " title=\"" + esc(c.reason()) + "\"")
                        .append('>').append(text).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("<tr class=\"feature\"><th>totals</th>");
        for (String t : targets) {
            Map<String, Long> n = new TreeMap<>();
            m.columns().get(t).cells().values().forEach(c -> n.merge(c.status(), 1L, Long::sum));
            StringBuilder cell = new StringBuilder();
            ORDER.stream().filter(n::containsKey).forEach(s -> cell.append(n.get(s)).append(' ').append(s).append("<br>"));
            h.append("<th>").append(cell).append("</th>");
        }
        h.append("</tr>\n</tbody></table>\n");
        if (!defects.isEmpty()) {
            h.append("<h2>Known hypervisor defects</h2>\n<dl>\n");
            defects.forEach((id, summary) -> h.append("<dt id=\"defect-").append(esc(id)).append("\"><b>")
                    .append(esc(id)).append("</b></dt><dd>").append(esc(summary)).append("</dd>\n"));
            h.append("</dl>\n");
        }
        if (!failures.isEmpty()) {
            h.append("<h2>Failures</h2>\n<ol>\n");
            failures.forEach((anchor, body) -> h.append("<li id=\"").append(anchor).append("\">").append(body)
                    .append("</li>\n"));
            h.append("</ol>\n");
        }
        h.append("<h2>Provenance</h2>\n<table><tr><th>target</th><th>recorded</th><th>kit commit</th>"
                + "<th>target reported</th><th></th></tr>\n");
        for (String t : targets) {
            Provenance p = m.columns().get(t).provenance();
            h.append("<tr><td>").append(esc(t)).append("</td><td>").append(esc(p.date())).append("</td><td>")
                    .append(esc(p.kitCommit())).append("</td><td>").append(esc(versions(p))).append("</td><td>")
                    .append(p.stale() ? "stale: recorded by an earlier run" : "this run").append("</td></tr>\n");
        }
        return h.append("</table>\n</body></html>\n").toString();
    }

    /** A known defect's reason starts with its id: {@code ID: summary}. */
    private static String defectId(String reason) {
        int colon = reason == null ? -1 : reason.indexOf(':');
        return colon < 0 ? "unnamed" : reason.substring(0, colon).strip();
    }

    private static String versions(Provenance p) {
        return p.versions().isEmpty() ? "" : String.join("; ", p.versions().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).toList());
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
