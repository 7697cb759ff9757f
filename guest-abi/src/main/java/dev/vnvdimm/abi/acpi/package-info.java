/**
 * The ACPI tables both halves of the kit speak, each as its byte layout defined once (ACPI 6.4 §5.2): the standard
 * header, RSDP, RSDT, XSDT, FADT, FACS and the NFIT with its structures (build and parse), with QEMU's defaults, and
 * the {@code etc/table-loader} commands by which QEMU tells the firmware where to place and how to link them
 * ({@link dev.vnvdimm.abi.acpi.TableLoaderCommand}). {@link dev.vnvdimm.abi.acpi.AcpiTableWalker} finds the tables in
 * guest memory the way an OS does. The emulator writes these layouts and the guest (or its firmware) reads them;
 * like all of {@code guest-abi}, this package depends on no other part of the kit.
 */
package dev.vnvdimm.abi.acpi;
