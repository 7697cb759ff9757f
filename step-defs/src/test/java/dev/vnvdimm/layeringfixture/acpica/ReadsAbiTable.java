package dev.vnvdimm.layeringfixture.acpica;

import dev.vnvdimm.layeringfixture.abi.Table;

/** Wrong: the ACPICA tools' wrapper uses the ABI, the floor it sits beneath. */
public class ReadsAbiTable {
    Table table;
}
