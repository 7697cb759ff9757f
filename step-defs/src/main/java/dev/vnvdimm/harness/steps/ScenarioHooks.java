package dev.vnvdimm.harness.steps;

import dev.vnvdimm.harness.report.ReportAttachments;
import dev.vnvdimm.harness.targets.BootOutcome;
import dev.vnvdimm.harness.targets.Capabilities;
import io.cucumber.java.After;
import io.cucumber.java.Before;
import io.cucumber.java.Scenario;
import java.util.List;
import org.opentest4j.TestAbortedException;

/**
 * Around every scenario: label it with its target, mark it not applicable when it needs a capability the
 * target lacks, and afterwards attach the command line, memory map and error for the report, then clean up.
 */
public final class ScenarioHooks {
    private final ScenarioWorld world;

    public ScenarioHooks(ScenarioWorld world) {
        this.world = world;
    }

    @Before(order = 0)
    public void labelAndCheckCapabilities(Scenario scenario) {
        List<String> missing = scenario.getSourceTagNames().stream().map(t -> t.substring(1))
                .filter(Capabilities::isCapabilityTag).filter(t -> !world.target().capabilities().contains(t)).toList();
        if (!missing.isEmpty()) {
            throw new TestAbortedException("not applicable on target '" + world.target().name()
                    + "': it lacks capability " + String.join(", ", missing));
        }
    }

    @After
    public void attachAndCleanUp(Scenario scenario) {
        try {
            if (!world.commandLineText().isEmpty()) {
                ReportAttachments.text("QEMU command line", world.commandLineText());
                BootOutcome outcome = world.outcome();
                if (outcome instanceof BootOutcome.Refused r) {
                    ReportAttachments.text("error", r.errorLine());
                } else if (outcome instanceof BootOutcome.Started s) {
                    ReportAttachments.text("memory map", s.machine().memoryMapText());
                    s.machine().memoryMapSvg().ifPresent(svg -> ReportAttachments.svg("memory map (picture)", svg));
                    if (!s.machine().warnings().isEmpty()) {
                        ReportAttachments.text("warnings", String.join("\n", s.machine().warnings()));
                    }
                }
            }
        } finally {
            world.tearDown();
        }
    }
}
