package dev.vnvdimm.layeringfixture.guest;

import dev.vnvdimm.layeringfixture.abi.Table;

/** Right: a guest driver reads an ACPI table. */
public class Driver {
    Table table;
}
