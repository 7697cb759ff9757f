/**
 * The Cucumber step definitions, one class per subject of the features (ACPI tables, backing files, DSM, labels,
 * machines, memory devices, NVDIMMs, the guest, migration, interoperability), with the per-scenario state they
 * share through dependency injection and the hooks around each scenario. Steps drive whichever target the run
 * chose through {@code Target} and {@code MachineUnderTest}; only interoperability also starts the reference.
 */
package dev.vnvdimm.harness.steps;
