/**
 * The reference target: the kit's emulator and reference guest, in process, behind the harness's target
 * interfaces, and {@code EmulatorInstance} (the long-running emulator behind {@code vnvdimm emu}). With the CLI it
 * is the only part of the harness that may use emulator or guest classes; it converts theirs into the harness's
 * own types at this boundary, so that a run on QEMU alone never loads them. {@code MachinePlatform} connects the
 * reference guest to a reference-emulator machine: the one place the guest's {@code Platform} opens onto an
 * emulator.
 */
package dev.vnvdimm.harness.targets.reference;
