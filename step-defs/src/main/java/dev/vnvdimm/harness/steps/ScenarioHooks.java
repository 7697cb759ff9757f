package dev.vnvdimm.harness.steps;

import dev.vnvdimm.harness.DeclaredTags;
import dev.vnvdimm.harness.report.MemoryMapPicture;
import dev.vnvdimm.harness.report.ReportAttachments;
import dev.vnvdimm.harness.targets.BootOutcome;
import dev.vnvdimm.harness.targets.Capabilities;
import dev.vnvdimm.harness.targets.NotApplicable;
import dev.vnvdimm.harness.targets.NotRun;
import dev.vnvdimm.harness.targets.UnavailableTarget;
import io.cucumber.java.After;
import io.cucumber.java.Before;
import io.cucumber.java.Scenario;
import java.util.List;

/**
 * Around every scenario: refuse undeclared tags, mark it not applicable when it needs a capability the
 * target lacks, and afterwards attach the memory map and warnings for the report, then clean up.
 */
public final class ScenarioHooks {
    private final ScenarioWorld world;

    public ScenarioHooks(ScenarioWorld world) {
        this.world = world;
    }


    @Before(order = 0)
    public void checkTagsAndCapabilities(Scenario scenario) {
        List<String> tags = scenario.getSourceTagNames().stream().map(t -> t.substring(1)).toList();
        List<String> undeclared = DeclaredTags.undeclared(tags);
        if (!undeclared.isEmpty()) { // a failure, never a skip: a misspelt tag must not disable a scenario
            throw new IllegalStateException(DeclaredTags.refusal(scenario.getName(), undeclared));
        }
        if (world.target() instanceof UnavailableTarget absent) { // before capabilities: it declares none
            throw new NotRun(absent.why());
        }
        List<String> missing = tags.stream().filter(Capabilities::isCapabilityTag)
                .filter(t -> !world.target().capabilities().contains(t)).toList();
        if (!missing.isEmpty()) {
            throw new NotApplicable(world.target().name(), missing);
        }
        world.bootsForReal(scenario.getSourceTagNames().contains(ScenarioWorld.REAL_BOOT_TAG));
        world.guestMayReboot(scenario.getSourceTagNames().contains(ScenarioWorld.REBOOTS_TAG));
        world.hypervisorKilled(scenario.getSourceTagNames().contains(ScenarioWorld.POWER_LOSS_TAG));
    }

    @After
    public void attachAndCleanUp(Scenario scenario) {
        try {
            // the command lines and a refusal are in the step that started the machine; what it became is here
            if (!world.commandLineText().isEmpty()) {
                BootOutcome outcome = world.outcome();
                if (outcome instanceof BootOutcome.Started s) {
                    ReportAttachments.text("memory map", s.machine().memoryMapText());
                    s.machine().memoryMapRegions().ifPresent(regions -> ReportAttachments.svg("memory map (picture)",
                            MemoryMapPicture.svg(regions)));
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
