package dev.vnvdimm.harness.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnvdimm.harness.CucumberSettings;
import dev.vnvdimm.harness.HarnessSettings;
import dev.vnvdimm.harness.ScenarioRunner;
import dev.vnvdimm.harness.ScenarioRunner.Outcome;
import dev.vnvdimm.harness.ScenarioRunner.Status;
import dev.vnvdimm.harness.Targets;
import dev.vnvdimm.harness.fakes.ReferenceWithDsmDefects;
import dev.vnvdimm.harness.targets.Target;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A divergence printed as a scenario runs unchanged under {@code dsm-protocol.feature}'s Background: it passes on the
 * reference and fails on the hypervisor that diverged. And the printed steps are the feature's words.
 */
class ReproducerScenarioTest {
    private static final HarnessSettings SETTINGS = HarnessSettings.fromSystemProperties();

    @TempDir
    Path dir;

    /** The feature's first lines up to its first scenario: its Feature line, description and Background. */
    private static String dsmProtocolHead() throws IOException {
        String text = Files.readString(SETTINGS.features().resolve("dsm-protocol.feature"));
        return text.substring(0, text.indexOf("\n  Scenario")) + "\n";
    }

    private List<Outcome> runOn(String target, Path feature) {
        StringWriter progress = new StringWriter();
        List<Outcome> outcomes = ScenarioRunner.run(SETTINGS.withTarget(target), feature, Optional.empty(),
                Optional.empty(), CucumberSettings.QUIET_PLUGINS, new PrintWriter(progress)).outcomes();
        assertThat(outcomes).as("scenarios run (progress: %s)", progress).isNotEmpty();
        return outcomes;
    }

    @Test
    void divergencesFoundOnMadeUpHypervisorsReproduceThereAndPassOnTheReference() throws IOException {
        for (Class<? extends Target> planted : List.of(ReferenceWithDsmDefects.ShiftedLabelWrites.class,
                ReferenceWithDsmDefects.FlipsWrittenData.class)) {
            Target t = Targets.create(Targets.CLASS_PREFIX + planted.getName());
            List<DsmDifferentialFuzzer.Divergence> found = DsmDifferentialFuzzerTest.run(t, 3, 400).divergences();
            assertThat(found).as("divergences on %s", planted.getSimpleName()).isNotEmpty();
            StringBuilder feature = new StringBuilder(dsmProtocolHead());
            for (DsmDifferentialFuzzer.Divergence d : found) {
                feature.append('\n').append(ReproducerScenario.of(d, ReproducerScenario.title(d) + " " + d.number(),
                        List.of("Found by a test.")));
            }
            Path file = dir.resolve(planted.getSimpleName() + ".feature");
            Files.writeString(file, feature);
            assertThat(runOn(Targets.REFERENCE, file)).as("on the reference:\n%s", feature)
                    .allSatisfy(o -> assertThat(o.status()).as(o.name() + ": " + o.reason()).isEqualTo(Status.PASSED));
            assertThat(runOn(Targets.CLASS_PREFIX + planted.getName(), file)).as("on %s:\n%s", planted, feature)
                    .hasSize(found.size())
                    .allSatisfy(o -> assertThat(o.status()).as(o.name() + ": " + o.reason()).isEqualTo(Status.FAILED));
        }
    }

    private static DsmObservation.Answered answered(Map<String, byte[]> areas, int... words) {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        for (int w : words) {
            b.putInt(w);
        }
        return new DsmObservation.Answered(b.array(), areas);
    }

    @Test
    void aLabelAreaTheReferenceLeftAloneIsRememberedAndFoundUnchanged() {
        byte[] zeros = new byte[FuzzMachine.LABEL_AREA];
        byte[] written = zeros.clone();
        written[0x21] = 0x5a;
        DsmRequest read = DsmRequest.of(1, 1, 5, 0x1fff0, 17);
        DsmDifferentialFuzzer.Exchange e = new DsmDifferentialFuzzer.Exchange(read,
                answered(Map.of("ro.img", zeros), 8, 3), answered(Map.of("ro.img", written), 8, 3));
        DsmDifference diff = DsmDifference.between(e.reference(), e.target()).orElseThrow();
        DsmDifferentialFuzzer.Divergence d = new DsmDifferentialFuzzer.Divergence(9, FuzzMachine.READ_ONLY, "s", diff,
                List.of(e), Map.of("ro.img", zeros), 4, 1, true);
        assertThat(ReproducerScenario.of(d, ReproducerScenario.title(d), List.of("Found by hand."))).isEqualTo("""
                  Scenario: Get Namespace Label Data to a read-only NVDIMM: the label area differs
                    Found by hand.
                    Given a file "ro.img" of 64 MiB that starts with "read-only data"
                    And a machine started with:
                      \"""
                      -machine pc,nvdimm=on -m 512M,slots=2,maxmem=4G
                      -object memory-backend-file,id=mem2,readonly=on,mem-path={dir}/ro.img,size=64M
                      -device nvdimm,id=nv2,memdev=mem2,label-size=128K,unarmed=on
                      \"""
                    When the label area of file "ro.img" is remembered
                    And the DSM request handle 1, revision 1, function 5 with arguments "0x1fff0, 17" is sent
                    Then the DSM reply starts with "8, 3"
                    And the label area of file "ro.img" is unchanged
                """);
    }

    @Test
    void onTheBackgroundsMachineTheRequestsComeAloneAndTheReplyUpToItsFirstDifferingWord() {
        Map<String, byte[]> areas = new HashMap<>(Map.of("nv1.img", new byte[FuzzMachine.LABEL_AREA]));
        DsmRequest write = DsmRequest.of(2, 1, 6, 0x10, 4, 0xddccbbaa);
        DsmRequest read = DsmRequest.of(2, 1, 5, 0x10, 4);
        List<DsmDifferentialFuzzer.Exchange> exchanges = new ArrayList<>(List.of(
                new DsmDifferentialFuzzer.Exchange(write, answered(areas, 8, 0), answered(areas, 8, 0)),
                new DsmDifferentialFuzzer.Exchange(read, answered(areas, 12, 0, 0xddccbbaa),
                        answered(areas, 12, 0, 0xddccbbab))));
        DsmDifference diff = DsmDifference.between(exchanges.get(1).reference(), exchanges.get(1).target())
                .orElseThrow();
        DsmDifferentialFuzzer.Divergence d = new DsmDifferentialFuzzer.Divergence(9, FuzzMachine.LABELLED, "s", diff,
                exchanges, areas, 40, 12, true);
        assertThat(ReproducerScenario.of(d, "a title", List.of())).isEqualTo("""
                  Scenario: a title
                    When the DSM request handle 2, revision 1, function 6 with arguments "16, 4, 0xddccbbaa" is sent
                    Then the DSM reply starts with "8, 0"
                    When the DSM request handle 2, revision 1, function 5 with arguments "16, 4" is sent
                    Then the DSM reply starts with "12, 0, 0xddccbbaa"
                """);
    }
}
