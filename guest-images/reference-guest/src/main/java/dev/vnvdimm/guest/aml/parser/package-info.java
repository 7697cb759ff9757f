/**
 * Decodes AML bytes (ACPI 6.4 §20.2 grammar, opcodes from {@code guest-abi}'s {@code abi.aml}) into the
 * operators' nodes: {@code TableLoader} loads a definition block's top level, {@code AmlParser} parses terms and
 * method bodies, on a method's first call.
 */
package dev.vnvdimm.guest.aml.parser;
