package dev.vnvdimm.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kit's layering (issue 15), checked on its production classes: the guest sees no host, the emulator and
 * the ABI know no harness, nor does the reference system, only the harness's reference target uses the reference
 * system, the emulator and the guest, the ABI stands alone, ACPICA's tools' wrapper uses nothing of the kit, and no
 * package cycles. Each rule is also run on {@code dev.vnvdimm.layeringfixture}, a little kit that breaks it on
 * purpose, to show it reports exactly the breakers there and so cannot pass on the kit by matching nothing.
 */
class LayeringTest {
    private static final String FIXTURE_ROOT = "dev.vnvdimm.layeringfixture";
    private static final LayeringRules FIXTURE = LayeringRules.under(FIXTURE_ROOT);

    private static JavaClasses kit;
    private static JavaClasses fixture;

    @BeforeAll
    static void importClasses() {
        // every module's main classes are on step-defs' test classpath; the fixture is a test class, so left out
        kit = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(LayeringRules.KIT.kit());
        fixture = new ClassFileImporter().importPackages(FIXTURE_ROOT);
    }

    @Test
    void theKitsClassesIncludeEveryLayerAndNoTestClass() {
        for (String layer : LayeringRules.KIT.layers()) {
            assertThat(kit.stream().filter(c -> c.getPackageName().startsWith(layer)))
                    .as("classes of " + layer).isNotEmpty();
        }
        // test classes (this one, the fixture) come from test-classes folders: none of them is the kit's
        assertThat(kit.stream().map(c -> c.getSource().map(source -> source.getUri().toString()).orElse("")))
                .isNotEmpty().noneMatch(uri -> uri.contains("/test-classes/"));
    }

    /** Each rule on the kit's production classes, named by its description. */
    static Stream<Named<ArchRule>> kitRules() {
        return LayeringRules.KIT.rules().stream().map(rule -> Named.of(rule.getDescription(), rule));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kitRules")
    void theKitKeepsItsLayering(ArchRule rule) {
        rule.check(kit);
    }

    @Test
    void theGuestRuleReportsAGuestReachingIntoEachHostLayer() {
        assertThat(breakers(FIXTURE.guestSeesNoHost()))
                .containsExactly("guest.CallsCli", "guest.CallsHarness", "guest.PeeksAtEmulator");
    }

    @Test
    void theHarnessRuleReportsTheEmulatorAndTheAbiReachingUp() {
        assertThat(breakers(FIXTURE.emulatorAndAbiKnowNoHarness()))
                .containsExactly("abi.ReportsToHarness", "emulator.ReportsToHarness", "emulator.StartsCli");
    }

    @Test
    void theSystemRuleReportsTheReferenceSystemReachingIntoTheHarnessOrTheCli() {
        // system.Instance uses the emulator and the guest, and is allowed to
        assertThat(breakers(FIXTURE.referenceSystemKnowsNoHarness()))
                .containsExactly("system.ReportsToHarness", "system.StartsCli");
    }

    @Test
    void theReferenceRuleReportsTheRestOfTheHarnessUsingTheReferenceSystemTheEmulatorOrTheGuest() {
        // harness.targets.reference.Adapter uses all three, and is allowed to
        assertThat(breakers(FIXTURE.harnessUsesTheReferenceSystemOnlyInTheReferenceTarget()))
                .containsExactly("harness.report.DrawsEmulatorMap", "harness.steps.ReadsGuestResult",
                        "harness.wire.DialsEmulatorInstance");
    }

    @Test
    void theAbiRuleReportsTheAbiUsingAnyOtherPartOfTheKit() {
        assertThat(breakers(FIXTURE.abiStandsAlone()))
                .containsExactly("abi.ReachesIntoEmulator", "abi.ReportsToHarness");
    }

    @Test
    void theAcpicaRuleReportsTheToolsWrapperUsingAnyPartOfTheKit() {
        assertThat(breakers(FIXTURE.acpicaToolsKnowNothingOfTheKit())).containsExactly("acpica.ReadsAbiTable");
    }

    @Test
    void theCycleRuleReportsAPackageAndItsSubpackageUsingEachOther() {
        EvaluationResult result = FIXTURE.noPackageCycles().evaluate(fixture);
        // the fixture's wrong dependencies all point one way (acpica, guest, abi, emulator, system, cli, harness):
        // one cycle only
        assertThat(result.getFailureReport().getDetails()).singleElement().asString()
                .contains("Cycle detected: Slice cycle -> ", "Slice cycle.child -> ");
    }

    /**
     * The fixture classes (relative to its root) whose dependencies break the rule, sorted; an exact list, so it
     * also shows that the allowed dependencies (guest.Driver on the ABI, system.Instance on the emulator and the guest,
     * cli.Command on the harness, harness.targets.reference.Adapter on the reference system, the emulator and the
     * guest) pass.
     */
    private static Set<String> breakers(ArchRule rule) {
        Set<String> origins = new TreeSet<>();
        EvaluationResult result = rule.evaluate(fixture);
        result.handleViolations((Collection<Dependency> dependencies, String message) -> dependencies
                .forEach(d -> origins.add(d.getOriginClass().getName().substring(FIXTURE_ROOT.length() + 1))));
        return origins;
    }
}
