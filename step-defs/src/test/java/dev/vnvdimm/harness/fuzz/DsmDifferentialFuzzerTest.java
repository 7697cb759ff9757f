package dev.vnvdimm.harness.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnvdimm.abi.dsm.IntelDsm;
import dev.vnvdimm.harness.fakes.ReferenceWithDsmDefects;
import dev.vnvdimm.harness.targets.KnownDefect;
import dev.vnvdimm.harness.targets.Target;
import dev.vnvdimm.harness.targets.reference.ReferenceTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The differential run against made-up hypervisors built on the reference, each with one planted DSM defect: no QEMU
 * needed. What the run reports is checked against what was planted.
 */
class DsmDifferentialFuzzerTest {
    static DsmDifferentialFuzzer.Result run(Target target, Map<String, KnownDefect> declared, long seed, int requests,
                                            List<DsmDifferentialFuzzer.Outcome> outcomes) {
        return new DsmDifferentialFuzzer(new TargetDsmSide(new ReferenceTarget()), new TargetDsmSide(target), declared)
                .run(seed, requests, (n, o) -> outcomes.add(o));
    }

    static DsmDifferentialFuzzer.Result run(Target target, long seed, int requests) {
        return run(target, target.knownDefects(), seed, requests, new ArrayList<>());
    }

    @Test
    void theReferenceAgainstItselfAnswersEveryRequestAlike() {
        List<DsmDifferentialFuzzer.Outcome> outcomes = new ArrayList<>();
        DsmDifferentialFuzzer.Result r = run(new ReferenceTarget(), Map.of(), 5, 400, outcomes);
        assertThat(r.divergences()).isEmpty();
        assertThat(r.same()).isEqualTo(400);
        assertThat(outcomes).hasSize(400).containsOnly(DsmDifferentialFuzzer.Outcome.SAME);
        assertThat(r.labelTransfersAgreed()).as("label reads and writes carried out").isGreaterThan(20);
        assertThat(r.machineStarts()).as("each machine started once").isEqualTo(FuzzMachine.ALL.size());
    }

    @Test
    void eachMachineIsStartedAfreshAfterSoManyRequestsToIt() {
        int every = 50;
        DsmDifferentialFuzzer.Result r = new DsmDifferentialFuzzer(new TargetDsmSide(new ReferenceTarget()),
                new TargetDsmSide(new ReferenceTarget()), Map.of(), every).run(5, 400,
                DsmDifferentialFuzzer.Listener.NONE);
        Map<FuzzMachine, Long> perMachine = DsmRequestGenerator.first(5, 400).stream().collect(
                Collectors.groupingBy(DsmRequestGenerator.Step::machine,
                        Collectors.counting()));
        long expected = perMachine.values().stream().mapToLong(n -> (n + every - 1) / every).sum();
        assertThat(r.machineStarts()).isEqualTo((int) expected).isGreaterThan(FuzzMachine.ALL.size());
        assertThat(r.same()).isEqualTo(400);
    }

    @Test
    void writesThatLandOneByteFurtherAreOneDivergenceMinimizedToASingleWrite() {
        DsmDifferentialFuzzer.Result r = run(new ReferenceWithDsmDefects.ShiftedLabelWrites(), 11, 300);
        assertThat(r.divergences()).hasSize(1);
        DsmDifferentialFuzzer.Divergence d = r.divergences().get(0);
        assertThat(d.reproduced()).isTrue();
        assertThat(d.difference().kind()).isEqualTo(DsmDifference.Kind.LABEL_AREA);
        assertThat(d.exchanges()).hasSize(1);
        assertThat(d.last().request().function()).isEqualTo(IntelDsm.SET_LABEL_DATA);
        assertThat(r.repeats().get(d.signature())).as("later writes that diverged alike").isPositive();
        assertThat(r.same() + r.diverged()).isEqualTo(300);
    }

    @Test
    void aReadThatGoesWrongOnlyAfterAWriteIsMinimizedToTheWriteAndTheRead() {
        DsmDifferentialFuzzer.Result r = run(new ReferenceWithDsmDefects.FlipsWrittenData(), 3, 400);
        assertThat(r.divergences()).isNotEmpty().allSatisfy(d -> {
            assertThat(d.reproduced()).isTrue();
            assertThat(d.historyLength()).as("requests before minimizing").isGreaterThan(2);
            assertThat(d.exchanges()).extracting(e -> e.request().function())
                    .containsExactly(IntelDsm.SET_LABEL_DATA, IntelDsm.GET_LABEL_DATA);
            assertThat(d.difference().kind()).isEqualTo(DsmDifference.Kind.REPLY);
            assertThat(d.difference().word()).as("the first data word").isEqualTo(2);
        });
    }

    @Test
    void aDeclaredDefectThatEndsTheTargetIsCountedAndItsMachinesStartAfresh() {
        Target aborts = new ReferenceWithDsmDefects.AbortsOnZeroLength();
        List<DsmDifferentialFuzzer.Outcome> outcomes = new ArrayList<>();
        DsmDifferentialFuzzer.Result r = run(aborts, aborts.knownDefects(), 8, 1500, outcomes);
        assertThat(r.knownDefects()).containsOnlyKeys("qemu-zero-length-label-dsm-aborts");
        assertThat(r.divergences()).isEmpty();
        assertThat(r.same() + r.knownDefectCount()).as("every other request answered alike, after restarts too")
                .isEqualTo(1500);
        int crash = outcomes.indexOf(DsmDifferentialFuzzer.Outcome.KNOWN_DEFECT);
        assertThat(outcomes.subList(crash + 1, outcomes.size())).contains(DsmDifferentialFuzzer.Outcome.SAME);
    }

    @Test
    void anUndeclaredEndIsADivergenceThatCarriesTheTargetsLastWords() {
        DsmDifferentialFuzzer.Result r = run(new ReferenceWithDsmDefects.AbortsOnZeroLength(), Map.of(), 8, 1500,
                new ArrayList<>());
        assertThat(r.knownDefects()).isEmpty();
        assertThat(r.divergences()).isNotEmpty().allSatisfy(d -> {
            assertThat(d.difference().kind()).isEqualTo(DsmDifference.Kind.TARGET_ENDED);
            assertThat(d.difference().description()).contains("nvdimm_validate_rw_label_data: Assertion");
            assertThat(d.exchanges()).hasSize(1);
            assertThat(d.last().request().labelLength()).isZero();
        });
    }

    @Test
    void aMachineTheTargetRefusesIsLeftOutAndTheRestCompared() {
        List<DsmDifferentialFuzzer.Outcome> outcomes = new ArrayList<>();
        DsmDifferentialFuzzer.Result r = run(new ReferenceWithDsmDefects.RefusesReadOnlyBackends(), Map.of(), 5, 300,
                outcomes);
        assertThat(r.refused()).containsOnlyKeys(FuzzMachine.READ_ONLY);
        assertThat(r.refused().get(FuzzMachine.READ_ONLY)).contains("Property 'memory-backend-file.readonly' not found");
        assertThat(r.notSent()).isPositive().isEqualTo(DsmRequestGenerator.first(5, 300).stream()
                .filter(s -> s.machine() == FuzzMachine.READ_ONLY).count());
        assertThat(r.same() + r.notSent()).isEqualTo(300);
        assertThat(r.divergences()).isEmpty();
    }

    @Test
    void theSameSeedRunsTheSameRequestsToTheSameOutcomes() {
        Target t = new ReferenceWithDsmDefects.FlipsWrittenData();
        List<DsmDifferentialFuzzer.Outcome> first = new ArrayList<>();
        List<DsmDifferentialFuzzer.Outcome> second = new ArrayList<>();
        DsmDifferentialFuzzer.Result a = run(t, Map.of(), 3, 400, first);
        DsmDifferentialFuzzer.Result b = run(t, Map.of(), 3, 400, second);
        assertThat(second).isEqualTo(first);
        assertThat(b.divergences()).extracting(d -> d.exchanges().stream().map(e -> e.request()).toList())
                .isEqualTo(a.divergences().stream().map(d -> d.exchanges().stream().map(e -> e.request()).toList())
                        .toList());
    }
}
