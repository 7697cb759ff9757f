package dev.vnvdimm.emulator.acpi.aml;

import dev.vnvdimm.abi.aml.AmlOpcode;
import dev.vnvdimm.abi.aml.PkgLength;

import java.io.ByteArrayOutputStream;

/**
 * {@code Field(RegionName, AccessType, LockRule, UpdateRule) { FieldList }} (ACPI 6.4 §20.2.5.2 DefField):
 * {@code ExtOpPrefix 0x81 PkgLength NameString FieldFlags FieldList}, where FieldFlags packs AccessType
 * (bits 3..0), LockRule (bit 4) and UpdateRule (bits 6..5). Elements are encoded as they are appended, keeping
 * the running bit position so that {@code Offset(n)} becomes the right ReservedField.
 */
public final class Field implements AmlTerm {

    private final NameString region;
    private final int flags;
    private final ByteArrayOutputStream fieldList = new ByteArrayOutputStream();
    private long bitPosition;

    Field(NameString region, AccessType access, LockRule lock, UpdateRule update) {
        this.region = region;
        this.flags = access.code() | lock.code() << 4 | update.code() << 5;
    }

    /** Appends FieldList entries in order. */
    public Field append(FieldElement... elements) {
        for (FieldElement e : elements) {
            // Java 17: type patterns in switch are still a preview feature, hence the instanceof chain.
            if (e instanceof FieldElement.NamedField f) {
                fieldList.writeBytes(NameString.nameSeg(f.name()));
                fieldList.writeBytes(PkgLength.encode(f.bits()));
                bitPosition += f.bits();
            } else if (e instanceof FieldElement.ReservedField r) {
                reserve(r.bits());
            } else if (e instanceof FieldElement.Offset o) {
                long target = 8L * o.byteOffset();
                if (target < bitPosition) {
                    throw new IllegalArgumentException("Offset(" + o.byteOffset() + ") lies before bit "
                            + bitPosition + " already used in Field(" + region + ")");
                }
                if (target > bitPosition) {
                    reserve(Math.toIntExact(target - bitPosition));
                }
            } else if (e instanceof FieldElement.AccessAs a) {
                fieldList.write(AmlOpcode.ACCESS_FIELD);
                fieldList.write(a.type().code());
                fieldList.write(a.attrib());
            }
        }
        return this;
    }

    private void reserve(int bits) {
        fieldList.write(AmlOpcode.RESERVED_FIELD);
        fieldList.writeBytes(PkgLength.encode(bits));
        bitPosition += bits;
    }

    private int contentLength() {
        return region.length() + 1 + fieldList.size();
    }

    @Override
    public int length() {
        int content = contentLength();
        return 2 + PkgLength.forBody(content).length + content;
    }

    @Override
    public void writeTo(AmlWriter out) {
        out.writeOpcode(AmlOpcode.FIELD_OP);
        out.writeBytes(PkgLength.forBody(contentLength()));
        region.writeTo(out);
        out.writeByte(flags);
        out.writeBytes(fieldList.toByteArray());
    }
}
