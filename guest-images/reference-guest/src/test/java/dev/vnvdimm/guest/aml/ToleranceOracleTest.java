package dev.vnvdimm.guest.aml;

import dev.vnvdimm.acpica.Acpiexec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * ACPICA's acpiexec on the tolerance suite ({@link ToleranceCases}): the same tables (the DSDT and SSDTs loaded, other
 * tables listed for LoadTable), the same evaluations, the same loop timeout ({@code -to}); its outcome — \MAIN's
 * result and the exceptions its {@code -vh} handler reports, skipped terms included — must be the case's, or else
 * the case must say what acpiexec gives and why; a note on a case that agrees, or that no longer says what acpiexec
 * gives, fails too. {@code -di} leaves out the _INI and _STA methods acpiexec would run at start-up (the interpreter
 * runs none at load); {@code -fv 0xFF} fills acpiexec's simulated regions with ones, as an absent PCI function reads.
 */
class ToleranceOracleTest {
    private static final int PROCESSES = 8;
    private static final long TIMEOUT_SECONDS = 120;
    private static final Pattern EXCEPTION = Pattern.compile("ACPI Exec: Exception (AE_\\w+) during execution");

    @TempDir
    Path dir;

    @Test
    void acpiexecReachesTheSameOutcomesOrTheCaseSaysWhy() throws Exception {
        assumeTrue(Acpiexec.TOOL.isInstalled(), Acpiexec.TOOL::missingReason);
        List<ToleranceCase> cases = ToleranceCases.all(dir);
        List<String> gives = runAll(cases);

        List<String> problems = new ArrayList<>();
        Map<String, Integer> reasons = new TreeMap<>();
        int agree = 0;
        for (int i = 0; i < cases.size(); i++) {
            ToleranceCase c = cases.get(i);
            String acpiexec = gives.get(i);
            System.out.printf("  %-60.60s  %s%n", c.name(), acpiexec);
            if (acpiexec.equals(c.expected())) {
                agree++;
                if (c.acpiGives() != null) {
                    problems.add(c + "\n    agrees with acpiexec now: drop the note '" + c.acpiWhy() + "'");
                }
            } else if (c.acpiGives() == null) {
                problems.add(c + "\n    expected " + c.expected() + "\n    acpiexec " + acpiexec);
            } else if (!acpiexec.equals(c.acpiGives())) {
                problems.add(c + "\n    the note says acpiexec gives " + c.acpiGives() + " but it gives " + acpiexec);
            } else {
                reasons.merge(c.acpiWhy(), 1, Integer::sum);
            }
        }
        int differ = reasons.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf("acpiexec tolerance oracle: %d cases, %d agree, %d differ with a reason, %d problems%n",
                cases.size(), agree, differ, problems.size());
        reasons.forEach((why, n) -> System.out.printf("  %d x %s%n", n, why));

        assertThat(problems).as("cases where acpiexec and the suite part without a true note").isEmpty();
        assertThat(agree).as("cases acpiexec agrees with").isGreaterThan(differ);
    }

    private List<String> runAll(List<ToleranceCase> cases) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PROCESSES);
        try {
            List<Future<String>> runs = new ArrayList<>();
            for (ToleranceCase c : cases) {
                runs.add(pool.submit(() -> outcome(run(c, dir))));
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

    /** acpiexec's console for {@code c}; its tables are written to {@code dir}. */
    static String run(ToleranceCase c, Path dir) throws Exception {
        List<String> args = new ArrayList<>(List.of("-vh", "-di", "-to", Integer.toString(c.loopSeconds())));
        if (c.pciOnes()) {
            args.addAll(List.of("-fv", "0xFF"));
        }
        StringBuilder commands = new StringBuilder();
        for (String m : c.before()) {
            commands.append("evaluate ").append(m).append(';');
        }
        commands.append("evaluate \\MAIN");
        args.addAll(List.of("-b", commands.toString()));
        for (ToleranceCase.Table t : c.tables()) {
            Path file = Files.createTempFile(dir, "table", ".aml");
            Files.write(file, t.bytes(dir));
            args.add(file.toString());
        }
        return Acpiexec.TOOL.run(dir, args, TIMEOUT_SECONDS).output();
    }

    /** The outcome line of an acpiexec console: \MAIN's result (an error without its opcode) and its exceptions. */
    static String outcome(String console) {
        String result = AcpiexecResult.of(console);
        if (result.startsWith("error ")) {
            String[] words = result.split(" ");
            result = words[0] + " " + words[1];
        }
        List<String> exceptions = new ArrayList<>();
        Matcher m = EXCEPTION.matcher(console);
        while (m.find()) {
            exceptions.add(m.group(1));
        }
        return ToleranceCase.outcome(result, exceptions);
    }
}
