package dev.vnvdimm.harness.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Draws a run's Allure report with the Allure command line the kit installs in {@code .allure/}, into
 * {@code REPORTS/allure/} (the full report, served over HTTP, with the history the next run reads) and
 * {@code REPORTS/allure.html} (the same as one file, opened straight from disk). The last report's history goes
 * into the results first, so the trend spans runs; Allure's analytics are off, so generating sends nothing.
 * {@code vnvdimm check} calls it, and {@code mvn verify} through {@link #main}.
 */
public final class AllureReport {
    /** Allure 2's switch for its analytics: any value turns off both the report's tag and the generator's post. */
    static final String NO_ANALYTICS = "ALLURE_NO_ANALYTICS";

    private AllureReport() {
    }

    /** {@code AllureReport KIT_ROOT RESULTS REPORTS}: what {@code mvn verify} runs after the tests. */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: AllureReport KIT_ROOT RESULTS REPORTS");
        }
        System.out.println(generate(Path.of(args[0]), Path.of(args[1]), Path.of(args[2])));
    }

    /** Generates the report of {@code results} into {@code reports}; returns one line saying where, or why not. */
    public static String generate(Path kitRoot, Path results, Path reports) throws IOException, InterruptedException {
        Optional<Path> allure = commandLine(kitRoot);
        if (allure.isEmpty()) {
            return "report: Allure command line not found under .allure/ (run ./vnvdimm once, or mvn verify); "
                    + "results are in " + results;
        }
        carryHistory(reports.resolve("allure"), results);
        Path html = reports.resolve("allure");
        List<String> named = reportName(results).map(n -> List.of("--report-name", n)).orElse(List.of());
        String failed = run(allure.get(), concat(List.of("generate", "--clean", "-o", html.toString()), named,
                List.of(results.toString())));
        if (failed.isEmpty()) {
            Path single = Files.createTempDirectory("vnvdimm-allure-single");
            try {
                failed = run(allure.get(), concat(List.of("generate", "--single-file", "--clean", "-o",
                        single.toString()), named, List.of(results.toString())));
                if (failed.isEmpty()) {
                    Files.move(single.resolve("index.html"), reports.resolve("allure.html"),
                            StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                deleteTree(single);
            }
        }
        return failed.isEmpty()
                ? "report: " + reports.resolve("allure.html") + " (one file), " + html.resolve("index.html")
                        + " (serve it: " + allure.get() + " open " + html + ")"
                : "report: " + failed + "; results are in " + results;
    }

    /** The name the run gave itself in {@code executor.json}, for the report's title. */
    static Optional<String> reportName(Path results) throws IOException {
        Path executor = results.resolve("executor.json");
        if (!Files.exists(executor)) {
            return Optional.empty();
        }
        return Optional.ofNullable(new ObjectMapper().readTree(executor.toFile()).path("reportName").textValue());
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> p : parts) {
            all.addAll(p);
        }
        return all;
    }

    /** Copies the last report's {@code history/} into the results, where Allure reads the trend from. */
    static void carryHistory(Path lastReport, Path results) throws IOException {
        Path history = lastReport.resolve("history");
        if (!Files.isDirectory(history)) {
            return;
        }
        Path into = Files.createDirectories(results.resolve("history"));
        try (Stream<Path> files = Files.list(history)) {
            for (Path f : files.toList()) {
                Files.copy(f, into.resolve(f.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** The {@code bin/allure} of the Allure command line under {@code .allure/}. */
    public static Optional<Path> commandLine(Path kitRoot) throws IOException {
        Path dir = kitRoot.resolve(".allure");
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(d -> d.resolve("bin/allure")).filter(Files::isExecutable).sorted().findFirst();
        }
    }

    /** Runs Allure with analytics off; empty when it succeeded, else what went wrong. */
    private static String run(Path allure, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(allure.toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put(NO_ANALYTICS, "true");
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        return exit == 0 ? "" : allure + " failed (exit " + exit + "): " + log.strip();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
