/**
 * The AML opcodes as executable nodes (ACPI 6.4 §19.6), one class per family: arithmetic, logic, control flow,
 * data and reference operators, synchronisation, named-object and field declarations. They subclass the runtime's
 * {@code Node} and run on its core; the parser builds them.
 */
package dev.vnvdimm.guest.aml.operators;
