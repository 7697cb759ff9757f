/**
 * What a run leaves for a reader: Allure attachments and categories (passed, failed, known defect, not applicable,
 * not run), the scenario × target compliance matrix with each column's provenance, hexdumps and the memory-map
 * picture.
 */
package dev.vnvdimm.harness.report;
