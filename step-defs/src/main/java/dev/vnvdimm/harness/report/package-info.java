/**
 * What a run leaves for a reader: the Allure report (each result its target's, set-up and tear-down in words,
 * categories for passed, failed, known defect, not applicable and not run, the run's environment and executor,
 * attachments, history across runs, no analytics), the scenario × target compliance matrix with each column's
 * provenance, hexdumps and the memory-map picture.
 */
package dev.vnvdimm.harness.report;
