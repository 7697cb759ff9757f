package dev.vnvdimm.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --features} as Cucumber reads a feature path: a folder, a file, or a file with {@code :LINE} (one or more)
 * selecting the scenarios or example rows at those lines.
 */
record FeatureSelection(Path path, List<Integer> lines) {
    private static final Pattern WITH_LINES = Pattern.compile("(.+\\.feature)((?::\\d+)+)");

    static FeatureSelection parse(String argument) {
        Matcher m = WITH_LINES.matcher(argument);
        if (!m.matches()) {
            return new FeatureSelection(Path.of(argument), List.of());
        }
        List<Integer> lines = new ArrayList<>();
        for (String l : m.group(2).substring(1).split(":")) {
            lines.add(Integer.parseInt(l));
        }
        return new FeatureSelection(Path.of(m.group(1)), List.copyOf(lines));
    }
}
