/**
 * The test harness's top: a run's {@code HarnessSettings} (what the CLI's options or Maven's {@code -Dvnvdimm.*}
 * properties asked for, as one object the runner installs for the glue), the Cucumber settings shared by the Maven
 * suite and {@code vnvdimm check}, the scenario runner, the check that every tag a feature uses is declared,
 * strictness about checks not run, and the choice of target. Of the harness, only the reference target
 * ({@code targets.reference}) knows the emulator and the guest; everything else speaks {@code guest-abi} and the
 * harness's own types. Nothing below the harness depends on it.
 */
package dev.vnvdimm.harness;
