package dev.vnvdimm.guest.aml.runtime;

import java.util.Arrays;

/**
 * Store semantics (ACPI 6.4 §19.3.5.8 "Storing Results to Objects"):
 * <ul>
 *   <li>LocalX, and ArgX not holding a reference: replaced by a copy of the value, no conversion;</li>
 *   <li>ArgX holding a reference: the store goes through the reference;</li>
 *   <li>a named Integer, String or Buffer: the value is converted to the target's type (implicit conversion).
 *       A named Buffer keeps its length: the new bytes are copied in, zero-filled or truncated — unless it is
 *       empty, then it takes the new length (ACPICA does the same; acpiexec: Concatenate(INPT8, X, INPT8)
 *       leaves INPT8 at 8 bytes);</li>
 *   <li>field units and buffer fields: written through {@link FieldIo};</li>
 *   <li>Index references: the byte, character or package element is replaced.</li>
 * </ul>
 */
public final class Store {
    private Store() {
    }

    public static AmlObject copyValue(AmlObject v) {
        return v == null ? AmlUninitialized.INSTANCE : v.copy();
    }

    public static void toNamed(Frame f, NamespaceNode node, AmlObject value, Node at) {
        NamespaceNode n = node.target();
        AmlObject target = n.object;
        if (value instanceof AmlReference r && !(target instanceof AmlReference)
                && (target instanceof AmlInteger || target instanceof AmlString || target instanceof AmlBuffer
                    || target instanceof AmlFieldUnit || target instanceof AmlBufferField)) {
            value = References.deref(f, r, at);
        }
        if (target instanceof AmlFieldUnit || target instanceof AmlBufferField) {
            FieldIo.write(f.interp, target, value, f, at);
        } else if (target instanceof AmlInteger) {
            n.object = AmlInteger.of(Conversions.toInteger(f, value, at) & f.interp.intMask);
        } else if (target instanceof AmlString) {
            n.object = new AmlString(Conversions.toStringImplicit(f, value, at));
        } else if (target instanceof AmlBuffer b) {
            byte[] src = Conversions.toBufferView(f, value, at);
            if (b.data.length == 0) {
                b.data = src.clone();
            } else {
                Arrays.fill(b.data, (byte) 0);
                System.arraycopy(src, 0, b.data, 0, Math.min(src.length, b.data.length));
            }
        } else if (target instanceof AmlPackage || target instanceof AmlUninitialized || target == null
                || target instanceof AmlReference) {
            n.object = copyValue(Conversions.value(f, value, at));
        } else if (target instanceof AmlDebugObject) {
            f.interp.debug(value);
        } else {
            throw at.error("AE_AML_TARGET_TYPE", "cannot store into " + target.type() + " " + n.path());
        }
    }

    public static void throughReference(Frame f, AmlReference r, AmlObject value, Node at) {
        switch (r.kind) {
            case NAME -> toNamed(f, r.node, value, at);
            case LOCAL -> r.frame.locals[r.index] = copyValue(value);
            case ARG -> r.frame.args[r.index] = copyValue(value);
            default -> {
                AmlObject c = r.container;
                if (c instanceof AmlBuffer b) {
                    b.data[r.index] = (byte) Conversions.toInteger(f, value, at);
                } else if (c instanceof AmlString s) {
                    long ch = Conversions.toInteger(f, value, at) & 0xFF;
                    s.value = s.value.substring(0, r.index) + (char) ch + s.value.substring(r.index + 1);
                } else {
                    ((AmlPackage) c).elements.set(r.index, copyValue(Conversions.value(f, value, at)));
                }
            }
        }
    }
}
