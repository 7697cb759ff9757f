package dev.vnvdimm.emulator.acpi.aml;

/** The RegionSpace byte of an OperationRegion (ACPI 6.4 §20.2.5.2 DefOpRegion; values per §5.5.2.4). */
public enum RegionSpace {
    SYSTEM_MEMORY(0x00),
    SYSTEM_IO(0x01),
    PCI_CONFIG(0x02),
    EMBEDDED_CONTROL(0x03),
    SMBUS(0x04),
    SYSTEM_CMOS(0x05),
    PCI_BAR_TARGET(0x06),
    IPMI(0x07),
    GENERAL_PURPOSE_IO(0x08),
    GENERIC_SERIAL_BUS(0x09),
    PCC(0x0A);

    private final int code;

    RegionSpace(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
