package dev.vnvdimm.guest.aml.runtime;

/** Following object references (ACPI 6.4 §19.6.30 DerefOf, §19.6.63 Index, §19.6.115 RefOf). */
public final class References {
    private References() {
    }

    /** The object a reference refers to (an Index into a Buffer or String yields the byte as an Integer). */
    public static AmlObject deref(Frame f, AmlReference r, Node at) {
        switch (r.kind) {
            case NAME:
                return r.node.object();
            case LOCAL:
                return orUninit(r.frame.locals[r.index]);
            case ARG:
                return orUninit(r.frame.args[r.index]);
            default:
                AmlObject c = r.container;
                if (c instanceof AmlBuffer b) {
                    if (r.index >= b.data.length) {
                        throw at.error("AE_AML_BUFFER_LIMIT", "index " + r.index + " beyond buffer of " + b.data.length);
                    }
                    return AmlInteger.of(b.data[r.index] & 0xFF);
                }
                if (c instanceof AmlString s) {
                    return AmlInteger.of(s.value.charAt(r.index) & 0xFF);
                }
                return ((AmlPackage) c).elements.get(r.index);
        }
    }

    private static AmlObject orUninit(AmlObject o) {
        return o == null ? AmlUninitialized.INSTANCE : o;
    }

    /** Index(source, i): a reference to element i, bounds-checked. */
    public static AmlReference index(AmlObject source, long i, Node at) {
        if (source instanceof AmlBuffer b) {
            if (i < 0 || i >= b.data.length) {
                throw at.error("AE_AML_BUFFER_LIMIT", "index " + i + " beyond buffer of " + b.data.length + " bytes");
            }
        } else if (source instanceof AmlString s) {
            if (i < 0 || i >= s.value.length()) {
                throw at.error("AE_AML_STRING_LIMIT", "index " + i + " beyond string of " + s.value.length());
            }
        } else if (source instanceof AmlPackage p) {
            if (i < 0 || i >= p.elements.size()) {
                throw at.error("AE_AML_PACKAGE_LIMIT", "index " + i + " beyond package of " + p.elements.size());
            }
        } else {
            throw at.error("AE_AML_OPERAND_TYPE", "Index needs a Buffer, String or Package, not "
                    + ObjectTypes.describe(source));
        }
        return AmlReference.toElement(source, (int) i);
    }
}
