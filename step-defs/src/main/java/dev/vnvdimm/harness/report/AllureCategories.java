package dev.vnvdimm.harness.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vnvdimm.harness.targets.KnownDefect;
import dev.vnvdimm.harness.targets.NotApplicable;
import dev.vnvdimm.harness.targets.NotRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The five verdicts in the Allure report: Allure knows only passed, failed, broken and skipped, so its
 * {@code categories.json} sorts skips into "not run" and "not applicable" by their message, and failures that
 * are a declared known defect (their message starts with the defect, see {@link TargetResults}) into one category
 * per defect, apart from real failures. The categories exclude one another, so each result is in one.
 */
public final class AllureCategories {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AllureCategories() {
    }

    /** Writes {@code categories.json} into the Allure results folder. */
    public static void write(Path results, Map<String, KnownDefect> knownDefects) throws IOException {
        List<Map<String, Object>> categories = new ArrayList<>();
        categories.add(category("Not run: something this machine lacks (a tool, target or image)",
                List.of("skipped"), Pattern.quote(NotRun.PREFIX) + ".*"));
        categories.add(category("Not applicable: a capability the target declares it lacks", List.of("skipped"),
                Pattern.quote(NotApplicable.PREFIX) + ".*"));
        for (KnownDefect d : knownDefects.values()) {
            // TargetResults starts the message of a failure that is the defect as declared with its id: the same
            // judgement as the terminal's, which a pattern found in any failure's message would not be
            categories.add(category("Known hypervisor defect " + d.id() + ": " + d.summary(),
                    List.of("failed", "broken"), "(?s)" + Pattern.quote(TargetResults.KNOWN_DEFECT_PREFIX + d.id() + ":")
                            + ".*"));
        }
        categories.add(category("Failed: the target does not behave as the scenario says", List.of("failed", "broken"),
                "(?s)(?!" + Pattern.quote(TargetResults.KNOWN_DEFECT_PREFIX) + ").*"));
        Files.createDirectories(results);
        JSON.writeValue(results.resolve("categories.json").toFile(), categories);
    }

    private static Map<String, Object> category(String name, List<String> statuses, String messageRegex) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("matchedStatuses", statuses);
        c.put("messageRegex", messageRegex);
        return c;
    }
}
