package dev.vnvdimm.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scenarios are named for a person and identified by file and line, example rows included. */
class ScenarioLocationTest {
    @TempDir
    Path dir;

    @Test
    void aScenarioAndAnOutlinesRowsGetStableIdsAndShortTitles() throws Exception {
        Path f = dir.resolve("slots.feature");
        Files.writeString(f, """
                Feature: slots
                  Scenario: one slot is taken
                    Then the machine is running

                  Scenario Outline: slot <slot> holds <size>
                    Then the machine is running

                    Examples:
                      | slot | size |
                      | 0    | 64M  |
                      | 1    | 1G   |

                  Scenario Outline: no placeholders
                    Then the machine is running

                    Examples:
                      | machine | accel | note |
                      | pc      | tcg   | x    |
                      | a key column far longer than forty characters | tcg | y |
                """);
        assertThat(ScenarioLocation.of(f, 2, "features/slots.feature"))
                .isEqualTo(new ScenarioLocation("slots.feature:2", "slots", "one slot is taken",
                        "features/slots.feature:2"));
        assertThat(ScenarioLocation.of(f, 11, "features/slots.feature"))
                .isEqualTo(new ScenarioLocation("slots.feature:5:11", "slots", "slot 1 holds 1G",
                        "features/slots.feature:11"));
        assertThat(ScenarioLocation.of(f, 18, "s.feature").title()).isEqualTo("no placeholders (pc, tcg)");
        assertThat(ScenarioLocation.of(f, 18, "s.feature").displayName()).isEqualTo("slots - no placeholders (pc, tcg)");
        assertThat(ScenarioLocation.of(f, 19, "s.feature").title())
                .isEqualTo("no placeholders (a key column far longer than forty char…, tcg)");
    }
}
