/**
 * The hypervisors scenarios run against, as the harness sees them: {@link dev.vnvdimm.harness.targets.Target} and
 * the machine, guest and long-running instance a scenario drives, the capabilities and known defects a target
 * declares, the not-applicable and not-run outcomes. Only the harness's own types cross these interfaces; each
 * target lives in a subpackage ({@code reference}, {@code qemu}).
 */
package dev.vnvdimm.harness.targets;
