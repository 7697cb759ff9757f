package dev.vnvdimm.guest.aml;

import dev.vnvdimm.guest.aml.runtime.AmlException;
import dev.vnvdimm.guest.aml.runtime.AmlFormatter;
import dev.vnvdimm.guest.aml.runtime.AmlOptions;
import dev.vnvdimm.guest.aml.runtime.AmlWarning;
import dev.vnvdimm.guest.platform.FlatMemoryPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tolerance suite ({@link ToleranceCases}) on the reference guest's interpreter: each case's tables loaded as a
 * boot loads them (the DSDT, then each SSDT; other tables only listed, for LoadTable) on a flat-memory platform,
 * its {@code before} methods and {@code \MAIN} evaluated, and the outcome — \MAIN's result and every AML exception
 * on the way, skipped terms included — compared with the case's. {@link ToleranceOracleTest} holds acpiexec to the
 * same outcomes.
 */
class ToleranceTest {
    @TempDir
    static Path dir;

    /** What a case did on the interpreter. */
    record Outcome(String line, int fatals) {
    }

    static List<ToleranceCase> cases() throws Exception {
        return ToleranceCases.all(dir);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theInterpreterReachesTheCasesOutcome(ToleranceCase c) throws Exception {
        Outcome o = run(c, dir);
        assertThat(o.line()).isEqualTo(c.expected());
        assertThat(o.fatals()).as("Fatal warnings").isEqualTo(c.fatals());
    }

    @Test
    void everyAslTableOfTheSuiteHasItsCommittedAml() throws Exception {
        int tables = 0;
        for (ToleranceCase c : cases()) {
            for (ToleranceCase.Table t : c.tables()) {
                if (t instanceof ToleranceCase.Asl asl) {
                    assertThat(CompiledAsl.committed(asl.source())).as("committed AML of a table of %s", c).exists();
                    tables++;
                }
            }
        }
        assertThat(tables).isGreaterThan(40);
    }

    static Outcome run(ToleranceCase c, Path dir) throws Exception {
        List<String> exceptions = Collections.synchronizedList(new ArrayList<>());
        List<AmlWarning> seen = Collections.synchronizedList(new ArrayList<>());
        AmlOptions options = AmlOptions.defaults().withLoopTimeout(Duration.ofSeconds(c.loopSeconds()))
                .withWarningSink(w -> {
                    seen.add(w);
                    if (w.kind() == AmlWarning.Kind.TERM_SKIPPED) {
                        exceptions.add(w.status());
                    }
                });
        AmlInterpreter ip = new AmlInterpreter(new FlatMemoryPlatform(0x10000), options);
        for (ToleranceCase.Table t : c.tables()) {
            byte[] table = t.bytes(dir);
            String signature = new String(table, 0, 4, StandardCharsets.US_ASCII);
            if (signature.equals("DSDT") || signature.equals("SSDT")) {
                ip.load(table);
            } else {
                ip.install(table);
            }
        }
        for (String method : c.before()) {
            try {
                ip.evaluate(method);
            } catch (AmlException e) {
                exceptions.add(e.status());
            }
        }
        String result;
        try {
            result = AmlFormatter.format(ip.evaluate("\\MAIN"));
        } catch (AmlException e) {
            result = "error " + e.status();
            exceptions.add(e.status());
        }
        assertThat(ip.warnings()).as("the warnings the interpreter keeps are the ones its sink saw").isEqualTo(seen);
        int fatals = (int) seen.stream().filter(w -> w.kind() == AmlWarning.Kind.FATAL).count();
        return new Outcome(ToleranceCase.outcome(result, exceptions), fatals);
    }
}
