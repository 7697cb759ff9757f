/**
 * The NVDIMM {@code _DSM} interface between a guest and QEMU's virtual NVDIMM, defined once: the DSM page the
 * SSDT's AML and the hypervisor exchange, the notify port, the handles, the status codes, and the functions and
 * payload layouts of the interfaces QEMU answers. The emulator's handler and SSDT builder, the reference guest
 * and the harness all read these; nothing here depends on any other part of the kit.
 */
package dev.vnvdimm.abi.dsm;
