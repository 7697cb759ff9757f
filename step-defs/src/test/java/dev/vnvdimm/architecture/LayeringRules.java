package dev.vnvdimm.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The kit's layers, lowest first: the wrapper of ACPICA's tools ({@code acpica-tools}: iasl and acpiexec, which
 * every module's tests and the harness run), the guest-visible ABI ({@code guest-abi}: ACPI tables, AML, the
 * {@code _DSM} interface, the console's framing, the migration stream, the QEMU command line), then the guest and the
 * emulator
 * beside each other, then the reference system that joins them ({@code vnvdimm emu}'s machine with its guest),
 * then the harness and its CLI on top. A layer may use the ones below it, never the ones above. Inside the
 * harness, only the reference target ({@code harness.targets.reference}) may use the reference system, the emulator
 * and the guest. The package roots are parameters, so that {@code LayeringTest} checks its deliberately wrong fixture
 * with the very rules it checks the kit with.
 */
record LayeringRules(String kit, String acpica, String abi, String guest, String emulator, String system,
                     String harness, String reference, String cli) {

    /** The kit's own packages. */
    static final LayeringRules KIT = under("dev.vnvdimm");

    /** The layers of a kit whose packages are {@code root.abi}, {@code root.guest} and so on. */
    static LayeringRules under(String root) {
        return new LayeringRules(root, root + ".acpica", root + ".abi", root + ".guest", root + ".emulator",
                root + ".system", root + ".harness", root + ".harness.targets.reference", root + ".cli");
    }

    /** Every layer's root package, for the check that no rule passes because a layer was not imported. */
    List<String> layers() {
        return List.of(acpica, abi, guest, emulator, system, harness, cli);
    }

    /** The guest sees the machine only as a guest does (its ACPI tables, its devices): none of the host side. */
    ArchRule guestSeesNoHost() {
        return noClasses().that().resideInAPackage(tree(guest))
                .should().dependOnClassesThat().resideInAnyPackage(tree(emulator), tree(harness), tree(cli))
                .because("the guest knows the machine only through what a guest sees");
    }

    /** The emulator and the ABI serve the harness; they never call up into it. */
    ArchRule emulatorAndAbiKnowNoHarness() {
        return noClasses().that().resideInAnyPackage(tree(emulator), tree(abi))
                .should().dependOnClassesThat().resideInAnyPackage(tree(harness), tree(cli))
                .because("the harness tests the emulator, not the other way round");
    }

    /**
     * The reference system is what the harness checks and what {@code vnvdimm emu} runs on its own: it builds on the
     * emulator and the guest, never on the harness or the CLI.
     */
    ArchRule referenceSystemKnowsNoHarness() {
        return noClasses().that().resideInAPackage(tree(system))
                .should().dependOnClassesThat().resideInAnyPackage(tree(harness), tree(cli))
                .because("the reference system runs without the harness that tests it");
    }

    /**
     * The harness speaks its own types and {@code guest-abi}: only the reference target uses the reference
     * system's, the emulator's and the guest's classes (converting them at its boundary), so steps, reports,
     * clients and the QEMU target never load them. The CLI is not the harness and may use all three.
     */
    ArchRule harnessUsesTheReferenceSystemOnlyInTheReferenceTarget() {
        return noClasses().that().resideInAPackage(tree(harness)).and().resideOutsideOfPackage(tree(reference))
                .should().dependOnClassesThat().resideInAnyPackage(tree(system), tree(emulator), tree(guest))
                .because("a run on QEMU alone must not need the reference system, its emulator or its guest");
    }

    /** The ABI is the kit's floor: the other modules build on it, it builds on none of them. */
    ArchRule abiStandsAlone() {
        return classes().that().resideInAPackage(tree(abi))
                .should().onlyDependOnClassesThat(resideInAPackage(tree(abi)).or(resideOutsideOfPackage(tree(kit))))
                .because("the ABI module is the one floor shared by guest, emulator and harness");
    }

    /**
     * ACPICA's tools sit beneath the ABI: every module's tests use them, so they use nothing of the kit (the ABI
     * included), and no module's tests come to depend on another module through them.
     */
    ArchRule acpicaToolsKnowNothingOfTheKit() {
        return classes().that().resideInAPackage(tree(acpica))
                .should().onlyDependOnClassesThat(resideInAPackage(tree(acpica)).or(resideOutsideOfPackage(tree(kit))))
                .because("the ACPICA tools' wrapper is the one piece below every module, guest-abi included");
    }

    /** Every package of the kit is its own slice, so a cycle between any two packages is reported. */
    ArchRule noPackageCycles() {
        return slices().matching(kit + ".(**)").should().beFreeOfCycles();
    }

    /** Every rule: the six between layers, then no cycles. */
    List<ArchRule> rules() {
        return List.of(guestSeesNoHost(), emulatorAndAbiKnowNoHarness(), referenceSystemKnowsNoHarness(),
                harnessUsesTheReferenceSystemOnlyInTheReferenceTarget(), abiStandsAlone(),
                acpicaToolsKnowNothingOfTheKit(), noPackageCycles());
    }

    /** The package and all below it, in ArchUnit's notation. */
    private static String tree(String root) {
        return root + "..";
    }
}
