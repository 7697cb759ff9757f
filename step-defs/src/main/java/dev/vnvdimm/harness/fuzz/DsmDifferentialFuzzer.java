package dev.vnvdimm.harness.fuzz;

import dev.vnvdimm.abi.dsm.DsmPage;
import dev.vnvdimm.abi.dsm.DsmStatus;
import dev.vnvdimm.abi.dsm.IntelDsm;
import dev.vnvdimm.harness.targets.KnownDefect;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The differential run: each generated request goes to the reference and to the target on the same fuzz machine,
 * and their replies and label areas are compared. A machine pair is started once and reused for many requests; it is
 * started afresh (new files on both sides) after {@link #RESTART_EVERY} requests, so that a divergence is never far
 * from a fresh start, and after anything that differed. A difference the target declares as a known defect is
 * counted; a new one is minimized — the fewest of the requests since the pair started that still show it from fresh
 * machines — and reported once: later requests that differ the same way (its signature) are counted with it.
 */
public final class DsmDifferentialFuzzer {
    /**
     * Fresh machines after this many requests to one, so that a divergence's history, which each replay of its
     * minimization sends again, stays short enough to replay a hundred times (on QEMU about 4 s for a thousand).
     */
    public static final int RESTART_EVERY = 1000;
    /** The most replays one minimization may start. */
    static final int MAX_REPLAYS = 100;

    private final DsmSide reference;
    private final DsmSide target;
    private final Map<String, KnownDefect> declared;
    private final int restartEvery;
    private int machineStarts;

    /** What became of one request. */
    public enum Outcome {
        /** Both sides answered alike. */
        SAME,
        /** Alike but for the order of the NVDIMMs in a Read FIT chunk, which nothing prescribes ({@link FitOrder}). */
        OTHER_FIT_ORDER,
        /** The target showed a defect it declares. */
        KNOWN_DEFECT,
        /** A new divergence, minimized and reported. */
        DIVERGED,
        /** A divergence with the signature of one reported before. */
        DIVERGED_AGAIN,
        /** Not sent: the target refused its machine. */
        NOT_SENT
    }

    /** Told of the run's progress. */
    public interface Listener {
        void requestDone(int number, Outcome outcome);

        /** A new divergence is being minimized (which takes fresh machines per attempt). */
        default void minimizing(int number, DsmDifference difference) {
        }

        Listener NONE = (number, outcome) -> { };
    }

    /** One request with what each side made of it. */
    public record Exchange(DsmRequest request, DsmObservation reference, DsmObservation target) {
    }

    /**
     * A divergence as reported.
     *
     * @param number         the request (from 1) that first showed it
     * @param exchanges      the shortest sequence from fresh machines that shows it, the divergent request last
     * @param areasBefore    the reference's label areas before the last request
     * @param historyLength  requests since the machines started, when it showed
     * @param replays        fresh-machine replays the minimization took
     * @param reproduced     whether it showed again from fresh machines; if not, {@code exchanges} is the history
     *                       (with no label areas but the last request's) as it ran
     */
    public record Divergence(int number, FuzzMachine machine, String signature, DsmDifference difference,
                             List<Exchange> exchanges, Map<String, byte[]> areasBefore, int historyLength,
                             int replays, boolean reproduced) {
        public Exchange last() {
            return exchanges.get(exchanges.size() - 1);
        }
    }

    /**
     * What a run found.
     *
     * @param same                 requests both sides answered alike
     * @param labelTransfersAgreed of those, label reads and writes both carried out (status 0)
     * @param otherFitOrder        Read FIT replies alike but for the NVDIMMs' order
     * @param knownDefects         requests that showed a declared defect, by its id
     * @param repeats              requests that diverged like a divergence already reported, by its signature
     * @param machineStarts        machine pairs started, fuzzing and minimizing
     * @param refused              the machines the target refused, with its words; their requests were not sent
     * @param notSent              requests to those machines
     */
    public record Result(int requests, int same, int labelTransfersAgreed, int otherFitOrder,
                         Map<String, Integer> knownDefects, List<Divergence> divergences, Map<String, Integer> repeats,
                         int machineStarts, Map<FuzzMachine, String> refused, int notSent, double seconds) {
        public int knownDefectCount() {
            return knownDefects.values().stream().mapToInt(Integer::intValue).sum();
        }

        /** Requests that diverged, new or again. */
        public int diverged() {
            return divergences.size() + repeats.values().stream().mapToInt(Integer::intValue).sum();
        }

        /** Requests sent per second of the run, minimizing included. */
        public double requestsPerSecond() {
            return seconds > 0 ? (requests - notSent) / seconds : 0;
        }
    }

    public DsmDifferentialFuzzer(DsmSide reference, DsmSide target, Map<String, KnownDefect> declared) {
        this(reference, target, declared, RESTART_EVERY);
    }

    DsmDifferentialFuzzer(DsmSide reference, DsmSide target, Map<String, KnownDefect> declared, int restartEvery) {
        this.reference = reference;
        this.target = target;
        this.declared = Map.copyOf(declared);
        this.restartEvery = restartEvery;
    }

    /** A machine pair in use, with the requests sent since it started. */
    private final class Pair implements AutoCloseable {
        final FuzzMachine machine;
        final DsmSide.Machine ref;
        final DsmSide.Machine tgt;
        final List<Exchange> history = new ArrayList<>();
        /** The reference's label areas after the last request. */
        Map<String, byte[]> areas;
        private byte[] fit;

        Pair(FuzzMachine machine) {
            this.machine = machine;
            machineStarts++;
            this.ref = reference.start(machine);
            try {
                this.tgt = target.start(machine);
            } catch (RuntimeException e) {
                ref.close();
                throw e;
            }
            this.areas = ref.labelAreas();
        }

        Exchange send(DsmRequest request) {
            DsmObservation r = ref.send(request, DsmPage.SIZE);
            DsmObservation t = tgt.send(request, replyBytes(r));
            if (r instanceof DsmObservation.Answered a) {
                areas = a.labelAreas();
            }
            return new Exchange(request, r, t);
        }

        /** How the target's answer compares: the difference, if any, and whether it is only the FIT's order. */
        Optional<DsmDifference> difference(Exchange e) {
            Optional<DsmDifference> d = DsmDifference.between(e.reference(), e.target());
            if (d.isPresent() && FitOrder.sameFitInAnotherOrder(e.request(), e.reference(), e.target(), fit())) {
                return Optional.empty();
            }
            return d;
        }

        private byte[] fit() {
            if (fit == null) {
                fit = ref.fit();
            }
            return fit;
        }

        @Override
        public void close() {
            try {
                tgt.close();
            } finally {
                ref.close();
            }
        }
    }

    /** As much of the target's page as the reference's reply covers (its length rounded up to words), at least 16. */
    static int replyBytes(DsmObservation reference) {
        if (!(reference instanceof DsmObservation.Answered a)) {
            return 16;
        }
        long words = (Math.min(a.length(), DsmPage.SIZE) + DsmPage.WORD - 1) / DsmPage.WORD;
        return (int) Math.max(16, words * DsmPage.WORD);
    }

    public Result run(long seed, int requests, Listener listener) {
        long started = System.nanoTime();
        DsmRequestGenerator generator = new DsmRequestGenerator(seed);
        Map<FuzzMachine, Pair> live = new LinkedHashMap<>();
        int same = 0;
        int transfers = 0;
        int otherFitOrder = 0;
        Map<String, Integer> known = new TreeMap<>();
        Map<String, Integer> repeats = new LinkedHashMap<>();
        List<Divergence> divergences = new ArrayList<>();
        Map<FuzzMachine, String> refused = new LinkedHashMap<>();
        int notSent = 0;
        try {
            for (int number = 1; number <= requests; number++) {
                DsmRequestGenerator.Step step = generator.next();
                if (!refused.containsKey(step.machine()) && !live.containsKey(step.machine())) {
                    try {
                        live.put(step.machine(), new Pair(step.machine()));
                    } catch (DsmSide.Refused e) {
                        refused.put(step.machine(), e.getMessage());
                    }
                }
                if (refused.containsKey(step.machine())) {
                    notSent++;
                    listener.requestDone(number, Outcome.NOT_SENT);
                    continue;
                }
                Pair pair = live.get(step.machine());
                Map<String, byte[]> before = pair.areas;
                Exchange e = pair.send(step.request());
                pair.history.add(lean(e));
                Optional<DsmDifference> difference = pair.difference(e);
                Outcome outcome;
                if (difference.isEmpty()) {
                    boolean alike = DsmDifference.between(e.reference(), e.target()).isEmpty();
                    same += alike ? 1 : 0;
                    otherFitOrder += alike ? 0 : 1;
                    transfers += alike && agreedTransfer(e) ? 1 : 0;
                    outcome = alike ? Outcome.SAME : Outcome.OTHER_FIT_ORDER;
                    if (pair.history.size() >= restartEvery) {
                        live.remove(pair.machine).close();
                    }
                } else {
                    live.remove(pair.machine).close(); // states differ from here on, or the target ended
                    Optional<KnownDefect> defect = DsmKnownDefects.recognize(pair.machine, e.request(), e.target(),
                            declared);
                    String signature = signature(pair.machine, e, difference.get());
                    if (defect.isPresent()) {
                        known.merge(defect.get().id(), 1, Integer::sum);
                        outcome = Outcome.KNOWN_DEFECT;
                    } else if (repeats.containsKey(signature)) {
                        repeats.merge(signature, 1, Integer::sum);
                        outcome = Outcome.DIVERGED_AGAIN;
                    } else {
                        listener.minimizing(number, difference.get());
                        repeats.put(signature, 0);
                        List<Exchange> history = new ArrayList<>(pair.history);
                        history.set(history.size() - 1, e);
                        divergences.add(minimize(number, pair.machine, signature, difference.get(), history, before));
                        outcome = Outcome.DIVERGED;
                    }
                }
                listener.requestDone(number, outcome);
            }
        } finally {
            live.values().forEach(Pair::close);
        }
        return new Result(requests, same, transfers, otherFitOrder, known, divergences, repeats, machineStarts,
                refused, notSent, (System.nanoTime() - started) / 1e9);
    }

    /** The exchange without label areas, as a history keeps it (a few hundred label areas add up). */
    private static Exchange lean(Exchange e) {
        return new Exchange(e.request(), withoutAreas(e.reference()), withoutAreas(e.target()));
    }

    private static DsmObservation withoutAreas(DsmObservation o) {
        return o instanceof DsmObservation.Answered a ? new DsmObservation.Answered(a.reply(), Map.of()) : o;
    }

    private static boolean agreedTransfer(Exchange e) {
        int f = e.request().function();
        return (f == IntelDsm.GET_LABEL_DATA || f == IntelDsm.SET_LABEL_DATA)
                && e.reference() instanceof DsmObservation.Answered a && a.word(1) == DsmStatus.SUCCESS;
    }

    /**
     * What tells one divergence from another: what the handle names, the revision's validity, the function, and how
     * the two differed (the status words, or the last words without numbers).
     */
    static String signature(FuzzMachine machine, Exchange e, DsmDifference d) {
        DsmRequest r = e.request();
        String function = Integer.toUnsignedLong(r.function()) <= 8 ? "function " + r.function() : "other function";
        String how = switch (d.kind()) {
            case REFERENCE_ENDED -> ((DsmObservation.Ended) e.reference()).lastWords().replaceAll("\\d+", "N");
            case TARGET_ENDED -> ((DsmObservation.Ended) e.target()).lastWords().replaceAll("\\d+", "N");
            case REPLY -> "word " + Math.min(d.word(), 2) + ", status " + ((DsmObservation.Answered) e.reference())
                    .word(1) + " against " + ((DsmObservation.Answered) e.target()).word(1);
            case LABEL_AREA -> "label area";
        };
        return HandleKind.of(machine, r.handle()) + ", revision " + (r.revision() == IntelDsm.REVISION_1 ? "1" : "other")
                + ", " + function + ": " + d.kind() + " " + how;
    }

    /** What a replay from fresh machines showed first. */
    private record Replay(List<Exchange> exchanges, Map<String, byte[]> areasBefore, Optional<String> signature,
                          Optional<DsmDifference> difference) {
    }

    private Replay replay(FuzzMachine machine, List<DsmRequest> requests) {
        try (Pair pair = new Pair(machine)) {
            List<Exchange> done = new ArrayList<>();
            for (DsmRequest r : requests) {
                Map<String, byte[]> before = pair.areas;
                Exchange e = pair.send(r);
                done.add(e);
                Optional<DsmDifference> d = pair.difference(e);
                if (d.isPresent()) {
                    return new Replay(done, before, Optional.of(signature(machine, e, d.get())), d);
                }
            }
            return new Replay(done, pair.areas, Optional.empty(), Optional.empty());
        }
    }

    private Divergence minimize(int number, FuzzMachine machine, String signature, DsmDifference difference,
                                List<Exchange> history, Map<String, byte[]> areasBefore) {
        Replay[] shortest = new Replay[1];
        Minimizer<DsmRequest> minimizer = new Minimizer<>(candidate -> {
            Replay replay = replay(machine, candidate);
            boolean shows = replay.signature().filter(signature::equals).isPresent();
            if (shows && (shortest[0] == null || replay.exchanges().size() < shortest[0].exchanges().size())) {
                shortest[0] = replay;
            }
            return shows;
        }, MAX_REPLAYS);
        List<DsmRequest> requests = history.stream().map(Exchange::request).toList();
        minimizer.minimize(requests);
        int replays = minimizer.tests();
        if (shortest[0] == null && requests.size() > 1) {
            // no part showed it: ddmin takes the whole as failing and never replays it, so it is tried last
            replays++;
            Replay whole = replay(machine, requests);
            if (whole.signature().filter(signature::equals).isPresent()) {
                shortest[0] = whole;
            }
        }
        if (shortest[0] == null) {
            return new Divergence(number, machine, signature, difference, history, areasBefore, history.size(),
                    replays, false);
        }
        Replay best = shortest[0];
        return new Divergence(number, machine, signature, best.difference().orElseThrow(), best.exchanges(),
                best.areasBefore(), history.size(), replays, true);
    }
}
