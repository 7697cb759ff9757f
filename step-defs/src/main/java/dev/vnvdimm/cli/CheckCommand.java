package dev.vnvdimm.cli;

import dev.vnvdimm.harness.DeclaredTags;
import dev.vnvdimm.harness.HarnessSettings;
import dev.vnvdimm.harness.Progress;
import dev.vnvdimm.harness.ScenarioRunner;
import dev.vnvdimm.harness.Strictness;
import dev.vnvdimm.harness.Targets;
import dev.vnvdimm.harness.report.AllureCategories;
import dev.vnvdimm.harness.report.AllureReport;
import dev.vnvdimm.harness.report.ComplianceMatrix;
import dev.vnvdimm.harness.report.Provenance;
import dev.vnvdimm.harness.report.RerunCommand;
import dev.vnvdimm.harness.report.RunMetadata;
import dev.vnvdimm.harness.targets.Target;
import dev.vnvdimm.harness.targets.qemu.QemuTarget;
import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.FileSystemResultsWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vnvdimm check}: runs every scenario in {@code features/} against each target, prints a mark per scenario,
 * then what was not run and what failed (each with the command that reruns it), one summary of the verdicts per
 * target, and where the matrix and the report are; writes the Allure results, the HTML report and the compliance
 * matrix under {@code reports/}.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Run the compliance scenarios against a target and write the report.")
final class CheckCommand implements Callable<Integer> {

    @Option(names = "--target", defaultValue = "reference", split = ",",
            description = "Targets to check, comma-separated: reference, qemu (the local QEMU), "
                    + "qemu-container:5.2, :7.2, :10.0 or :11.1 (Debian bullseye to sid; default: ${DEFAULT-VALUE}).")
    List<String> targets;

    @Option(names = "--guest-kernel", description = "Linux guest kernel for the QEMU targets: 5.10 (bullseye), "
            + "6.1 (bookworm, default), 6.12 (trixie) or 7.2 (sid).")
    String guestKernel;

    @Option(names = "--jobs", description = "Scenarios run at once (default: 1 on the reference target, which is "
            + "fast anyway; 2 on QEMU targets, two QEMUs fit on 2 cores).")
    Integer jobs;

    @Option(names = "--tags", description = "Cucumber tag expression selecting scenarios, e.g. '@dsm and not @slow'.")
    String tags;

    @Option(names = "--qemu", description = "The qemu-system-x86_64 for the qemu target (default: the one on PATH).")
    Path qemu;

    @Option(names = "--features", paramLabel = "DIR|FILE[:LINE...]", description = "Feature folder or one .feature "
            + "file, with Cucumber's :LINE to run just the scenario or example row there (default: features/ of the "
            + "kit).")
    String features;

    @Option(names = "--matrix", description = "Print the whole compliance matrix (every scenario × target) too; "
            + "it is always written to reports/compliance.html, .md and .json.")
    boolean matrix;

    @Option(names = "--list-tools", description = "List the programs parts of the kit need, whether each is "
            + "installed here, and the command that installs it; run nothing.")
    boolean listTools;

    @Option(names = "--reports", description = "Report folder (default: reports/ of the kit).")
    Path reports;

    @Option(names = "--boot-every-machine", description = "On QEMU targets, boot every scenario's machine for real "
            + "instead of restoring most from a state saved after one boot of the same command line (README: "
            + "\"Boot once, restore many\").")
    boolean bootEveryMachine;

    @Option(names = "--kills", paramLabel = "N", description = "Kill each power-loss loop's machine N times "
            + "(label-crash-safety.feature) instead of the number its scenario names: a long run.")
    Integer kills;

    @Option(names = "--strict", description = "Fail the run when anything was not run (a tool, target or image "
            + "missing here). Always on under CI=true.")
    boolean strict;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (listTools) {
            KitTools.table().forEach(out::println);
            out.flush();
            return 0;
        }
        Path root = Path.of(System.getProperty("vnvdimm.root", ".")).toAbsolutePath().normalize();
        FeatureSelection selection = features != null ? FeatureSelection.parse(features)
                : new FeatureSelection(root.resolve("features"), List.of());
        Path featureDir = selection.path();
        Path reportDir = reports != null ? reports : root.resolve("reports");
        if (!Files.exists(featureDir)) {
            throw new IllegalArgumentException("no feature folder or file at " + featureDir);
        }
        boolean colour = Terminal.colour();
        Path results = reportDir.resolve("allure-results");
        deleteTree(results);
        Files.createDirectories(results);
        // Allure's Cucumber plugin, which Cucumber makes, reads its results folder only from this property (or an
        // allure.properties file): Allure's own API, so the one setting that stays a system property.
        System.setProperty("allure.results.directory", results.toString());
        // and a lifecycle of its own writing there: Allure's default one is made once per JVM for the folder named
        // then, so a check run inside another run (the harness's own tests under mvn verify) would otherwise put its
        // scratch scenarios into that run's report
        AllureLifecycle enclosing = Allure.getLifecycle();
        Allure.setLifecycle(new AllureLifecycle(new FileSystemResultsWriter(results)));
        try {
            return check(out, root, selection, reportDir, results, colour);
        } finally {
            Allure.setLifecycle(enclosing);
        }
    }

    private int check(PrintWriter out, Path root, FeatureSelection selection, Path reportDir, Path results,
                      boolean colour) throws IOException, InterruptedException {
        Path featureDir = selection.path();
        AllureCategories.write(results, DeclaredTags.knownDefects());
        RunMetadata.writeExecutor(results, "vnvdimm check", "vnvdimm check of " + String.join(", ", targets) + ": "
                + (features != null ? features : "every feature") + (tags != null ? ", tags " + tags : ""));
        HarnessSettings settings = new HarnessSettings(targets.get(0),
                Optional.ofNullable(qemu).map(Path::toAbsolutePath), Optional.ofNullable(guestKernel),
                !bootEveryMachine, strict, Files.isDirectory(featureDir) ? featureDir : featureDir.getParent(),
                kills == null ? OptionalInt.empty() : OptionalInt.of(kills));
        boolean strictRun = Strictness.strict(settings);
        boolean green = true;
        long notRun = 0;
        List<CheckSummary.Column> columns = new ArrayList<>();
        List<String> machineStarts = new ArrayList<>();
        ComplianceMatrix recorded = null;
        for (String target : targets) {
            HarnessSettings run = settings.withTarget(target);
            // an unknown target name is an error; a target this machine lacks runs every scenario as not run
            Target selected = Targets.selected(run);
            String name = selected.name();
            // Allure adds "allure.label.*" system properties to every result: each scenario carries its target
            // (Allure's API, like the results folder above).
            System.setProperty("allure.label.target", name);
            int parallel = jobs != null ? jobs : target.equals(Targets.REFERENCE) ? 1 : 2;
            out.println("vnvdimm check: target " + name + ", features " + features(root, featureDir)
                    + (parallel > 1 ? ", " + parallel + " at once" : ""));
            out.flush();
            long started = System.nanoTime();
            ScenarioRunner.Summary summary = ScenarioRunner.run(run, featureDir, selection.lines(),
                    Optional.ofNullable(tags), parallel, new Progress(out, colour));
            recorded = ComplianceMatrix.record(reportDir, name, summary,
                    tags != null || features != null, Provenance.now(root, selected.reportedVersions()));
            columns.add(new CheckSummary.Column(name, summary, (System.nanoTime() - started) / 1e9));
            if (selected instanceof QemuTarget q) {
                machineStarts.add(name + ": " + q.machineStarts());
            }
            green &= summary.green(strictRun) && !summary.outcomes().isEmpty();
            notRun += summary.count(ScenarioRunner.Status.NOT_RUN);
        }
        if (matrix && recorded != null) {
            out.println();
            out.print(recorded.markdown());
        }
        // what was not run and what failed come last, nearest the summary, failures last of all
        for (CheckSummary.Column c : columns) {
            c.summary().notRunReasons().forEach((why, n) -> out.println(Progress.paint(ScenarioRunner.Status.NOT_RUN,
                    "NOT RUN", colour) + " " + n + " scenario" + (n == 1 ? "" : "s") + " on " + c.target() + ": "
                    + why));
        }
        for (CheckSummary.Column c : columns) {
            for (ScenarioRunner.Outcome o : c.summary().outcomes()) {
                if (o.status() == ScenarioRunner.Status.FAILED) {
                    out.println(Progress.paint(ScenarioRunner.Status.FAILED, "FAIL", colour) + " " + c.target()
                            + "  " + o.where().displayName() + "\n     " + o.reason()
                            + (o.where().location().isEmpty() ? ""
                            : "\n     rerun: " + RerunCommand.of(c.target(), o.where().location())));
                }
            }
        }
        out.println();
        CheckSummary.lines(columns, colour).forEach(out::println);
        machineStarts.forEach(out::println);
        if (notRun > 0) {
            out.println(strictRun ? "vnvdimm check: " + notRun + " not run, which fails a strict run ("
                    + Strictness.why() + ")"
                    : "vnvdimm check: " + notRun + " not run (named above); --strict makes that a failure");
            green &= !strictRun;
        }
        String missing = KitTools.missing();
        if (!missing.isEmpty()) {
            out.println("missing here: " + missing + " (./vnvdimm check --list-tools)");
        }
        out.println("matrix: " + reportDir.resolve("compliance.html") + " (and compliance.md, .json"
                + (matrix ? ")" : "; --matrix prints it)"));
        out.println(AllureReport.generate(root, results, reportDir));
        out.flush();
        return green ? 0 : 1;
    }

    /** The features as the header line names them: relative to the kit when inside it. */
    private static String features(Path root, Path features) {
        Path abs = features.toAbsolutePath().normalize();
        return abs.startsWith(root) ? root.relativize(abs).toString() : abs.toString();
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
