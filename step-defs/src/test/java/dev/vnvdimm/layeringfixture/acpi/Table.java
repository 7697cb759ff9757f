package dev.vnvdimm.layeringfixture.acpi;

/** An ACPI table: the ABI, depending on nothing else of the kit. */
public class Table {
}
