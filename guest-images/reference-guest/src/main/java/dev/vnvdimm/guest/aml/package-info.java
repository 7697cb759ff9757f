/**
 * The reference guest's AML interpreter (ACPI 6.4 §5.3–5.4, §19–20): loads DSDT and SSDT definition blocks into
 * an ACPI namespace and evaluates control methods, with the AML object types, operation regions and notify
 * handlers. SystemMemory and SystemIO regions go to the {@code Platform}; the opcode vocabulary is
 * {@code acpi-spec}'s {@code acpi.aml}.
 */
package dev.vnvdimm.guest.aml;
