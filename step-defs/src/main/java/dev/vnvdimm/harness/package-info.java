/**
 * The test harness's top: the Cucumber settings shared by the Maven suite and {@code vnvdimm check}, the scenario
 * runner, the check that every tag a feature uses is declared, strictness about checks not run, and the choice of
 * target. The harness is the one layer that may know the emulator, the guest and {@code acpi-spec} together;
 * nothing below it depends on it.
 */
package dev.vnvdimm.harness;
