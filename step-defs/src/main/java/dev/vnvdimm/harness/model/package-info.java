/**
 * What crosses the harness's target interfaces: a guest command's result, a memory device as QMP reports it. The
 * harness's own types, so that steps, reports, clients and the QEMU target never load a class of the reference
 * emulator or guest; {@code targets.reference} converts at its boundary.
 */
package dev.vnvdimm.harness.model;
