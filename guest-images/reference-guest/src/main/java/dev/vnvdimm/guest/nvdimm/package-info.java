/**
 * The guest's NVDIMM driver, after Linux's drivers/acpi/nfit and libnvdimm: probe the ACPI0012 bus in Linux's order,
 * read the NFIT (from {@code _FIT} or the table), find each DIMM's {@code _DSM} family and functions, call
 * {@code _DSM} as {@code acpi_evaluate_dsm} does, and reach the label area through functions 4/5/6. Holds the
 * {@code nmemN} DIMMs, {@code regionN} regions and {@code namespaceR.N} names as Linux gives them, and adds the DIMMs
 * of a hot-plug when the firmware notifies the bus ({@code acpi_nfit_notify}). A labelled namespace's info block,
 * read and written through its pmem range as Linux's nd_pfn, nd_dax and nd_btt drivers do, claims it for fsdax,
 * devdax or sector mode ({@code ClaimBlocks}, {@code PfnReservation}, {@code BttArenaLayout}).
 */
package dev.vnvdimm.guest.nvdimm;
