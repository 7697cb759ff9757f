package dev.vnvdimm.layeringfixture.abi;

/** An ACPI table: the ABI, depending on nothing else of the kit. */
public class Table {
}
