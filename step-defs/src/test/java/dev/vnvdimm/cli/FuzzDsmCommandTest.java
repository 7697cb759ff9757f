package dev.vnvdimm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnvdimm.harness.Targets;
import dev.vnvdimm.harness.fakes.ReferenceWithDsmDefects;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code vnvdimm fuzz dsm} against made-up hypervisors built on the reference: what it prints and its exit status. */
class FuzzDsmCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = VnvdimmCli.create();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void aDivergenceIsPrintedOnceAsAScenarioAndTheRunFails() {
        int status = run("fuzz", "dsm", "--target", Targets.CLASS_PREFIX
                + ReferenceWithDsmDefects.ShiftedLabelWrites.class.getName(), "--seed", "11", "--requests", "300");
        String printed = out.toString();
        assertThat(status).as(printed + err).isEqualTo(1);
        assertThat(printed).startsWith("vnvdimm fuzz dsm: target ShiftedLabelWrites, seed 11, 300 requests on 4 "
                + "machines")
                .containsOnlyOnce("DIVERGENCE 1 of 1: LABELLED_NVDIMM, revision 1, function 6: LABEL_AREA")
                .contains("minimized from ")
                .contains("  Scenario: Set Namespace Label Data to a labelled NVDIMM: the label area differs\n"
                        + "    Found by ./vnvdimm fuzz dsm --target class:")
                .containsPattern("\n    (When|And) the DSM request handle \\d, revision 1, function 6 with arguments "
                        + "\"[^\"]+\" is sent\n")
                .containsPattern("\\d+ divergent \\(1 new\\)");
    }

    @Test
    void theSameSeedPrintsTheSameRun() {
        String target = Targets.CLASS_PREFIX + ReferenceWithDsmDefects.FlipsWrittenData.class.getName();
        run("fuzz", "dsm", "--target", target, "--seed", "3", "--requests", "250");
        String first = out.toString().replaceAll("in [0-9.]+ s \\([0-9.]+ requests/s\\)", "");
        out.getBuffer().setLength(0);
        run("fuzz", "dsm", "--target", target, "--seed", "3", "--requests", "250");
        assertThat(out.toString().replaceAll("in [0-9.]+ s \\([0-9.]+ requests/s\\)", "")).isEqualTo(first);
        assertThat(first).contains("DIVERGENCE 1");
    }

    @Test
    void aTargetThatAnswersAsTheReferenceExitsZero() {
        assertThat(run("fuzz", "dsm", "--target", "reference", "--seed", "1", "--requests", "120")).isZero();
        assertThat(out.toString()).contains("120 requests in ").contains("120 answered alike")
                .contains("0 divergent (0 new)").doesNotContain("DIVERGENCE");
    }

    @Test
    void badArgumentsAreRefusedNamingThem() {
        assertThat(run("fuzz", "dsm", "--target", "reference", "--requests", "0")).isEqualTo(1);
        assertThat(err.toString()).contains("--requests must be at least 1, not 0");
        assertThat(run("fuzz", "dsm", "--target", "qemu-5000")).isEqualTo(1);
        assertThat(err.toString()).contains("unknown target 'qemu-5000'");
        assertThat(run("fuzz", "dsm")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--target=<target>'");
    }
}
