package dev.vnvdimm.cli;

import dev.vnvdimm.harness.HarnessSettings;
import dev.vnvdimm.harness.Targets;
import dev.vnvdimm.harness.fuzz.DsmDifferentialFuzzer;
import dev.vnvdimm.harness.fuzz.DsmDifferentialFuzzer.Divergence;
import dev.vnvdimm.harness.fuzz.DsmDifferentialFuzzer.Outcome;
import dev.vnvdimm.harness.fuzz.DsmDifference;
import dev.vnvdimm.harness.fuzz.FuzzMachine;
import dev.vnvdimm.harness.fuzz.ReproducerScenario;
import dev.vnvdimm.harness.fuzz.TargetDsmSide;
import dev.vnvdimm.harness.targets.Target;
import dev.vnvdimm.harness.targets.UnavailableTarget;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vnvdimm fuzz dsm}: generated DSM requests to the reference and a target on the same machines, replies and
 * label areas compared after each; prints the counts, then each new divergence minimized, as a scenario for
 * {@code dsm-protocol.feature}. Exit status 0 when nothing new diverged.
 */
@Command(name = "dsm", mixinStandardHelpOptions = true,
        description = {"Differential fuzzing of the NVDIMM DSM protocol through the guest-less DSM probe: generated "
                + "requests (handles, revisions, functions, label offsets and lengths at the edges) go to the reference "
                + "and to the target on the same machines (one and two NVDIMMs, with and without label-size, unarmed, "
                + "read-only); replies and label areas are compared after every request.",
            "Known defects the target declares are counted; every new divergence is minimized and printed as a "
                + "scenario in dsm-protocol.feature's words. Exit status 0 when nothing new diverged."})
final class FuzzDsmCommand implements Callable<Integer> {
    @Option(names = "--target", required = true, description = "The hypervisor to compare with the reference: qemu "
            + "(the local QEMU) or qemu-container:5.2, :7.2, :10.0 or :11.1.")
    String target;

    @Option(names = "--seed", description = "The generator's seed: the same seed sends the same requests "
            + "(default: one from the clock, printed).")
    Long seed;

    @Option(names = "--requests", defaultValue = "1000", description = "Requests to send (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--qemu", description = "The qemu-system-x86_64 for the qemu target (default: the one on PATH).")
    Path qemu;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (requests < 1) {
            throw new IllegalArgumentException("--requests must be at least 1, not " + requests);
        }
        PrintWriter out = spec.commandLine().getOut();
        long s = seed != null ? seed : System.currentTimeMillis();
        Path root = Path.of(System.getProperty("vnvdimm.root", ".")).toAbsolutePath().normalize();
        Target t = Targets.selected(new HarnessSettings(target, Optional.ofNullable(qemu).map(Path::toAbsolutePath),
                Optional.empty(), false, false, root.resolve("features"), OptionalInt.empty()));
        if (t instanceof UnavailableTarget absent) { // nothing to compare the reference with
            throw new IllegalArgumentException(absent.why());
        }
        out.println("vnvdimm fuzz dsm: target " + t.name() + ", seed " + s + ", " + requests + " requests on "
                + FuzzMachine.ALL.size() + " machines, each request to the reference and the target");
        out.flush();
        DsmDifferentialFuzzer fuzzer = new DsmDifferentialFuzzer(new TargetDsmSide(Targets.create(Targets.REFERENCE)),
                new TargetDsmSide(t), t.knownDefects());
        DsmDifferentialFuzzer.Result result;
        try (Shown progress = new Shown(requests, out)) {
            result = fuzzer.run(s, requests, progress);
        }
        String version = t.reportedVersions().getOrDefault("qemu", "");
        printSummary(out, t, version, result);
        int n = 0;
        for (Divergence d : result.divergences()) {
            printDivergence(out, ++n, result, d, description(t, version, s, d));
        }
        out.flush();
        return result.divergences().isEmpty() ? 0 : 1;
    }

    /** The counts: alike, known defects by id, divergent, not sent, and how many machines it took. */
    private static void printSummary(PrintWriter out, Target t, String version, DsmDifferentialFuzzer.Result result) {
        out.printf("vnvdimm fuzz dsm: %d requests in %.1f s (%.1f requests/s): %d answered alike (%d label reads "
                        + "and writes carried out), %d known defect%s, %d divergent (%d new)%n", result.requests(),
                result.seconds(), result.requestsPerSecond(), result.same(), result.labelTransfersAgreed(),
                result.knownDefectCount(), result.knownDefectCount() == 1 ? "" : "s", result.diverged(),
                result.divergences().size());
        if (!result.refused().isEmpty()) {
            out.println("  NOT SENT: " + result.notSent() + " request" + (result.notSent() == 1 ? "" : "s")
                    + " to machines the target refused:");
            result.refused().values().forEach(why -> out.println("    " + why));
        }
        if (result.otherFitOrder() > 0) {
            out.println("  " + result.otherFitOrder() + " Read FIT repl" + (result.otherFitOrder() == 1 ? "y" : "ies")
                    + " alike but for the order of the NVDIMMs in the FIT, which ACPI leaves open (not divergent)");
        }
        result.knownDefects().forEach((id, n) -> out.println("  known defect " + id + ": " + n + " request"
                + (n == 1 ? "" : "s") + " (" + t.knownDefects().get(id).summary() + ")"));
        out.println("  target " + t.name() + (version.isEmpty() ? "" : ", QEMU " + version) + "; " + result.machineStarts()
                + " machine pairs started (each afresh after " + DsmDifferentialFuzzer.RESTART_EVERY + " requests "
                + "to it, after a difference, and for each replay of a minimization)");
    }

    /** One new divergence: its signature, how it was minimized, and its scenario. */
    private static void printDivergence(PrintWriter out, int n, DsmDifferentialFuzzer.Result result, Divergence d,
                                        List<String> description) {
        int again = result.repeats().getOrDefault(d.signature(), 0);
        out.println();
        out.println("DIVERGENCE " + n + " of " + result.divergences().size() + ": " + d.signature());
        out.println("  first at request " + d.number() + (again > 0 ? ", seen " + again + " more time"
                + (again == 1 ? "" : "s") : "") + "; " + (d.reproduced()
                ? "minimized from " + d.historyLength() + " request" + (d.historyLength() == 1 ? "" : "s")
                + " to " + d.exchanges().size() + " in " + d.replays() + " replay" + (d.replays() == 1 ? "" : "s")
                : "did not show again from fresh machines in " + d.replays() + " replays: the requests below are "
                + "all those since the machines started"));
        out.println("  " + d.difference().description());
        out.println();
        out.print(ReproducerScenario.of(d, ReproducerScenario.title(d), description));
    }

    private List<String> description(Target t, String version, long s, Divergence d) {
        List<String> lines = new ArrayList<>();
        lines.add("Found by ./vnvdimm fuzz dsm --target " + target + " --seed " + s + " --requests " + requests
                + " (request " + d.number() + ")" + (version.isEmpty() ? " on " + t.name() : " on QEMU " + version)
                + ":");
        lines.add(d.difference().description() + ".");
        return lines;
    }

    /** Progress on the terminal as a bar; in a log, a line at every tenth of the run. */
    private static final class Shown implements DsmDifferentialFuzzer.Listener, AutoCloseable {
        private final int total;
        private final PrintWriter log;
        private final ProgressBar bar;
        private int diverged;
        private int known;

        Shown(int total, PrintWriter log) {
            this.total = total;
            this.log = log;
            this.bar = System.console() != null ? new ProgressBarBuilder().setTaskName("fuzz dsm")
                    .setInitialMax(total).setUnit(" req", 1).setStyle(ProgressBarStyle.ASCII)
                    .showSpeed().build() : null;
        }

        @Override
        public void requestDone(int number, Outcome outcome) {
            if (outcome == Outcome.DIVERGED || outcome == Outcome.DIVERGED_AGAIN) {
                diverged++;
            } else if (outcome == Outcome.KNOWN_DEFECT) {
                known++;
            }
            String counts = diverged + " diverged, " + known + " known defect" + (known == 1 ? "" : "s");
            if (bar != null) {
                bar.stepTo(number);
                bar.setExtraMessage(diverged + " diverged, " + known + " known");
            } else if (total >= 10 && number % (total / 10) == 0 && number < total) {
                log.println("vnvdimm fuzz dsm: " + number + "/" + total + " requests, " + counts);
                log.flush();
            }
        }

        @Override
        public void minimizing(int number, DsmDifference difference) {
            if (bar != null) {
                bar.setExtraMessage("minimizing " + number);
            } else {
                log.println("vnvdimm fuzz dsm: request " + number + " diverged (" + difference.description()
                        + "); minimizing");
                log.flush();
            }
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }
}
