/**
 * The AML encodings shared by the emulator's AML builder and the guest's interpreter (ACPI 6.4 §20): the opcode
 * vocabulary (NameString's prefixes among it), PkgLength and {@code ToUUID} byte order. Both sides name an opcode here rather than by
 * its byte; nothing here depends on any other part of the kit.
 */
package dev.vnvdimm.abi.aml;
