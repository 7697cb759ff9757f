package dev.vnvdimm.guest.aml.runtime;

/**
 * A field unit (ACPI 6.4 §19.6.46 Field, §19.6.64 IndexField, §19.6.7 BankField): a bit range of an operation
 * region (or of an IndexField's data window), with the access width, lock rule and update rule of its FieldList.
 * Reads and writes go through {@link FieldIo}.
 */
public final class AmlFieldUnit extends AmlObject {
    public enum Kind { REGION, INDEX, BANK }

    /** FieldFlags update rule values (bits 5-6). */
    static final int PRESERVE = 0;
    static final int WRITE_AS_ONES = 1;
    static final int WRITE_AS_ZEROS = 2;

    final Kind kind;
    final AmlRegion region;
    final long bitOffset;
    final long bitLength;
    /** AccessType (bits 0-3 of the flags): 0 Any, 1 Byte, 2 Word, 3 DWord, 4 QWord, 5 Buffer. */
    final int accessType;
    final boolean lock;
    final int updateRule;
    final AmlFieldUnit indexField;
    final AmlFieldUnit dataField;
    final AmlFieldUnit bankField;
    final long bankValue;

    public AmlFieldUnit(Kind kind, AmlRegion region, long bitOffset, long bitLength, int flags,
                 AmlFieldUnit indexOrBank, AmlFieldUnit data, long bankValue) {
        this.kind = kind;
        this.region = region;
        this.bitOffset = bitOffset;
        this.bitLength = bitLength;
        this.accessType = flags & 0x0F;
        this.lock = (flags & 0x10) != 0;
        this.updateRule = (flags >> 5) & 0x03;
        this.indexField = kind == Kind.INDEX ? indexOrBank : null;
        this.dataField = data;
        this.bankField = kind == Kind.BANK ? indexOrBank : null;
        this.bankValue = bankValue;
    }

    public long bitOffset() {
        return bitOffset;
    }

    public long bitLength() {
        return bitLength;
    }

    @Override
    public ObjectType type() {
        return ObjectType.FIELD_UNIT;
    }
}
