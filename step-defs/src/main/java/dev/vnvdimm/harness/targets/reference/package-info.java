/**
 * The reference target: the reference system (the kit's emulator with its reference guest, module
 * {@code reference-system}) in process, behind the harness's target interfaces. With the CLI it is the only part of
 * the harness that may use reference-system, emulator or guest classes; it converts theirs into the harness's own
 * types at this boundary, so that a run on QEMU alone never loads them.
 */
package dev.vnvdimm.harness.targets.reference;
