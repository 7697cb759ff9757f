package dev.vnvdimm.guest.aml.runtime;

/**
 * A namespace container: Device, Processor, PowerResource, ThermalZone (ACPI 6.4 §19.6.31, .108, .109, .137),
 * or a bare scope such as {@code \_GPE} ({@link ObjectType#UNINITIALIZED}). Processor and PowerResource keep
 * their extra operands.
 */
public final class AmlContainer extends AmlObject {
    private final ObjectType type;
    public final long[] info;

    public AmlContainer(ObjectType type, long... info) {
        this.type = type;
        this.info = info;
    }

    @Override
    public ObjectType type() {
        return type;
    }
}
