package dev.vnvdimm.guest.aml.runtime;

/** A buffer field (ACPI 6.4 §19.6.14-19 CreateBitField … CreateField): a bit range of a Buffer object. */
public final class AmlBufferField extends AmlObject {
    final AmlBuffer buffer;
    final long bitOffset;
    final long bitLength;

    public AmlBufferField(AmlBuffer buffer, long bitOffset, long bitLength) {
        this.buffer = buffer;
        this.bitOffset = bitOffset;
        this.bitLength = bitLength;
    }

    public long bitOffset() {
        return bitOffset;
    }

    public long bitLength() {
        return bitLength;
    }

    @Override
    public ObjectType type() {
        return ObjectType.BUFFER_FIELD;
    }
}
