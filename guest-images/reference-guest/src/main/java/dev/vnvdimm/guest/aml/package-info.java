/**
 * The reference guest's AML interpreter (ACPI 6.4 §5.3–5.4, §19–20): {@link dev.vnvdimm.guest.aml.AmlInterpreter}
 * loads DSDT and SSDT definition blocks into an ACPI namespace and evaluates control methods. It is the entry
 * only, joining the execution core and object model ({@code runtime}) to the parser ({@code parser}), which builds
 * the opcodes' nodes ({@code operators}); callers take the AML values, options and handlers from {@code runtime}.
 */
package dev.vnvdimm.guest.aml;
