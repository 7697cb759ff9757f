package dev.vnvdimm.guest.aml.runtime;

/** An OperationRegion (ACPI 6.4 §19.6.100): an address space, a base offset and a length in bytes. */
public final class AmlRegion extends AmlObject {
    public static final int SYSTEM_MEMORY = 0x00;
    public static final int SYSTEM_IO = 0x01;
    public static final int PCI_CONFIG = 0x02;

    final int space;
    final long offset;
    final long length;
    final String name;

    public AmlRegion(String name, int space, long offset, long length) {
        this.name = name;
        this.space = space;
        this.offset = offset;
        this.length = length;
    }

    public int space() {
        return space;
    }

    public long offset() {
        return offset;
    }

    public long length() {
        return length;
    }

    @Override
    public ObjectType type() {
        return ObjectType.OPERATION_REGION;
    }
}
