package dev.vnvdimm.guest.aml;

import dev.vnvdimm.acpica.Acpiexec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An independent oracle for the ASL suite: every {@link AslCase} is compiled exactly as {@link AslSuiteTest}
 * compiles it and evaluated by ACPICA's acpiexec, whose result must equal the case's expectation, or else the
 * case must say what acpiexec gives and why ({@code # acpiexec: GIVES -- WHY}). A note on a case that in fact
 * agrees, or whose GIVES is no longer what acpiexec gives, fails too, so the notes cannot go stale.
 *
 * <p>One acpiexec process per case (a DSDT cannot be unloaded to make room for the next case's \MAIN), run many
 * at a time: each process spends most of its life idle at shutdown, not computing.
 */
class AcpiexecOracleTest {
    private static final int PROCESSES = 24;

    @TempDir
    Path dir;

    @Test
    void acpiexecAgreesWithEveryCaseOrTheCaseSaysWhy() throws Exception {
        assumeTrue(Acpiexec.TOOL.isInstalled(), Acpiexec.TOOL::missingReason);
        List<AslCase> cases = AslCase.all();
        List<String> gives = evaluateAll(cases);

        List<String> problems = new ArrayList<>();
        Map<String, Integer> reasons = new TreeMap<>();
        int agree = 0;
        for (int i = 0; i < cases.size(); i++) {
            AslCase c = cases.get(i);
            String acpiexec = gives.get(i);
            if (acpiexec.equals(c.expected())) {
                agree++;
                if (c.acpiGives() != null) {
                    problems.add(c + "\n    agrees with acpiexec now: drop the note '" + c.acpiWhy() + "'");
                }
            } else if (c.acpiGives() == null) {
                problems.add(c + "\n    expected " + c.expected() + "\n    acpiexec " + acpiexec
                        + "\n    (fix the interpreter, or add '" + AslCase.ACPIEXEC_NOTE + " " + acpiexec
                        + AslCase.NOTE_REASON + "WHY')");
            } else if (!acpiexec.equals(c.acpiGives())) {
                problems.add(c + "\n    the note says acpiexec gives " + c.acpiGives() + " but it gives " + acpiexec);
            } else {
                reasons.merge(c.acpiWhy(), 1, Integer::sum);
            }
        }
        int differ = reasons.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf("acpiexec oracle: %d cases, %d agree, %d differ with a reason, %d problems%n",
                cases.size(), agree, differ, problems.size());
        reasons.forEach((why, n) -> System.out.printf("  %3d x %s%n", n, why));

        assertThat(problems).as("cases where acpiexec and the suite part without a true note").isEmpty();
        assertThat(agree + differ).as("cases checked against acpiexec").isEqualTo(cases.size()).isGreaterThan(250);
    }

    private List<String> evaluateAll(List<AslCase> cases) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PROCESSES);
        try {
            List<Future<String>> runs = new ArrayList<>();
            for (AslCase c : cases) {
                runs.add(pool.submit(() -> AcpiexecResult.of(
                        Acpiexec.batch(dir, "evaluate \\MAIN", CompiledAsl.compile(dir, c.asl())))));
            }
            List<String> out = new ArrayList<>();
            for (Future<String> r : runs) {
                out.add(r.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
