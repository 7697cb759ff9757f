package dev.vnvdimm.emulator.acpi.aml;

import dev.vnvdimm.abi.aml.PkgLength;

/**
 * One entry of a Field's FieldList (ACPI 6.4 §20.2.5.2 FieldElement), as written in ASL. Built with
 * {@link Aml#namedField}, {@link Aml#reservedField}, {@link Aml#offset} and {@link Aml#accessAs}, and
 * appended to a {@link Field}.
 */
public sealed interface FieldElement {

    /** {@code NAME, bits}: a NamedField of the given width in bits (NameSeg PkgLength). */
    record NamedField(String name, int bits) implements FieldElement {
        public NamedField {
            NameString.nameSeg(name);
            checkBits(bits);
        }
    }

    /** {@code , bits}: unnamed bits to skip, a ReservedField (0x00 PkgLength). */
    record ReservedField(int bits) implements FieldElement {
        public ReservedField {
            checkBits(bits);
        }
    }

    /** {@code Offset(n)}: continue at byte {@code n} of the region; ASL sugar that iasl turns into a ReservedField. */
    record Offset(int byteOffset) implements FieldElement {
        public Offset {
            if (byteOffset < 0) {
                throw new IllegalArgumentException("Field Offset must not be negative: " + byteOffset);
            }
        }
    }

    /** {@code AccessAs(type, attrib)}: an AccessField (0x01 AccessType AccessAttrib) changing the access width. */
    record AccessAs(AccessType type, int attrib) implements FieldElement {
        public AccessAs {
            if (attrib < 0 || attrib > 0xFF) {
                throw new IllegalArgumentException("AccessAttrib must be a byte: " + attrib);
            }
        }
    }

    private static void checkBits(int bits) {
        if (bits <= 0 || bits > PkgLength.MAX) {
            throw new IllegalArgumentException("Field width must be 1.." + PkgLength.MAX + " bits: " + bits);
        }
    }
}
