package dev.vnvdimm.abi.acpi;

/**
 * The machine option {@code nvdimm-persistence}: which flush path the platform promises on power loss,
 * published as the Capabilities field of the NFIT Platform Capabilities structure
 * (ACPI 6.4 §5.2.25.9; QEMU hw/core/machine.c, hw/acpi/nvdimm.c).
 */
public enum NvdimmPersistence {
    /** {@code cpu}: CPU caches and the memory controller are flushed to the NVDIMM (capabilities bits 0 and 1). */
    CPU("cpu", Nfit.PlatformCapabilities.CPU_CACHE_FLUSH | Nfit.PlatformCapabilities.MEMORY_CONTROLLER_FLUSH),
    /** {@code mem-ctrl}: only the memory controller's buffers are flushed (capabilities bit 1). */
    MEM_CTRL("mem-ctrl", Nfit.PlatformCapabilities.MEMORY_CONTROLLER_FLUSH);

    /** The message of the exception {@link #parse} throws; QEMU prefixes it with {@code -machine nvdimm-persistence=VALUE: }. */
    public static final String UNSUPPORTED_OPTION = "unsupported option";

    private final String optionValue;
    private final int capabilities;

    NvdimmPersistence(String optionValue, int capabilities) {
        this.optionValue = optionValue;
        this.capabilities = capabilities;
    }

    /**
     * Parses the option value exactly as QEMU accepts it: {@code cpu} or {@code mem-ctrl}, case-sensitive.
     *
     * @throws IllegalArgumentException with the message {@value #UNSUPPORTED_OPTION} for anything else; the caller
     *         owns the option's name and forms QEMU's full text,
     *         {@code "-machine nvdimm-persistence=" + value + ": " + e.getMessage()}
     */
    public static NvdimmPersistence parse(String value) {
        for (NvdimmPersistence p : values()) {
            if (p.optionValue.equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException(UNSUPPORTED_OPTION);
    }

    /** The value as written on the command line. */
    public String optionValue() {
        return optionValue;
    }

    /** The Platform Capabilities structure's Capabilities field. */
    public int capabilities() {
        return capabilities;
    }

    /** The Highest Valid Capability field: the number of the highest set capability bit (1 for both values). */
    public int highestValidCapability() {
        return 31 - Integer.numberOfLeadingZeros(capabilities);
    }
}
