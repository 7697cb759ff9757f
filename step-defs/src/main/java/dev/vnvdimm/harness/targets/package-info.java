/**
 * The hypervisors scenarios run against: {@link dev.vnvdimm.harness.targets.Target} and the machine and guest a
 * scenario sees, the capabilities and known defects a target declares, the not-applicable and not-run outcomes, and
 * the reference target with its long-running {@code EmulatorInstance}. {@code MachinePlatform} connects the
 * reference guest to a reference-emulator machine: the one place the guest's {@code Platform} opens onto an
 * emulator.
 */
package dev.vnvdimm.harness.targets;
