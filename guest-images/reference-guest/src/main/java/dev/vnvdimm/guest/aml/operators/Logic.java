package dev.vnvdimm.guest.aml.operators;

import dev.vnvdimm.abi.aml.AmlOpcode;
import dev.vnvdimm.guest.aml.runtime.AmlBuffer;
import dev.vnvdimm.guest.aml.runtime.AmlInteger;
import dev.vnvdimm.guest.aml.runtime.AmlObject;
import dev.vnvdimm.guest.aml.runtime.AmlString;
import dev.vnvdimm.guest.aml.runtime.AmlTable;
import dev.vnvdimm.guest.aml.runtime.Conversions;
import dev.vnvdimm.guest.aml.runtime.Frame;
import dev.vnvdimm.guest.aml.runtime.Node;
import dev.vnvdimm.guest.aml.runtime.ObjectTypes;
import java.nio.charset.StandardCharsets;

/**
 * Logical operators (ACPI 6.4 §19.6.69-75): LAnd, LOr, LNot and the comparisons LEqual, LGreater, LLess
 * (LNotEqual, LLessEqual, LGreaterEqual are LNot of these). True is Ones, false Zero. Comparisons take the
 * type of the first operand: Integers compare unsigned; Strings and Buffers compare byte by byte, unsigned,
 * a proper prefix being less. Both operands are always evaluated (as ACPICA does: AML has no short-circuit).
 */
public final class Logic {
    private Logic() {
    }

    static AmlInteger bool(Frame f, boolean b) {
        return b ? f.interp.ones : AmlInteger.ZERO;
    }

    public static final class Binary extends Node {
        final Node a;
        final Node b;

        public Binary(int op, int off, AmlTable t, Node a, Node b) {
            super(op, off, t);
            this.a = a;
            this.b = b;
        }

        @Override
        public AmlObject eval(Frame f) {
            AmlObject x = a.eval(f);
            AmlObject y = b.eval(f);
            switch (op) {
                case AmlOpcode.LAND_OP:
                    return bool(f, Conversions.toInteger(f, x, this) != 0 & Conversions.toInteger(f, y, this) != 0);
                case AmlOpcode.LOR_OP:
                    return bool(f, Conversions.toInteger(f, x, this) != 0 | Conversions.toInteger(f, y, this) != 0);
                default:
                    int c = compare(f, x, y);
                    return bool(f, switch (op) {
                        case AmlOpcode.LEQUAL_OP -> c == 0;
                        case AmlOpcode.LGREATER_OP -> c > 0;
                        default -> c < 0;
                    });
            }
        }

        private int compare(Frame f, AmlObject x, AmlObject y) {
            if (x instanceof AmlInteger xi && y instanceof AmlInteger yi) {
                return Long.compareUnsigned(xi.value(), yi.value());
            }
            AmlObject xv = Conversions.value(f, x, this);
            if (xv instanceof AmlInteger xi) {
                return Long.compareUnsigned(xi.value(), Conversions.toInteger(f, y, this));
            }
            if (xv instanceof AmlString xs) {
                String ys = Conversions.toStringImplicit(f, y, this);
                return compareBytes(xs.value.getBytes(StandardCharsets.ISO_8859_1),
                        ys.getBytes(StandardCharsets.ISO_8859_1));
            }
            if (xv instanceof AmlBuffer xb) {
                return compareBytes(xb.data, Conversions.toBufferView(f, y, this));
            }
            throw error("AE_AML_OPERAND_TYPE", "cannot compare " + ObjectTypes.describe(xv));
        }
    }

    static int compareBytes(byte[] x, byte[] y) {
        int n = Math.min(x.length, y.length);
        for (int i = 0; i < n; i++) {
            int c = Integer.compare(x[i] & 0xFF, y[i] & 0xFF);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    public static final class Not extends Node {
        final Node a;

        public Not(int off, AmlTable t, Node a) {
            super(AmlOpcode.LNOT_OP, off, t);
            this.a = a;
        }

        @Override
        public AmlObject eval(Frame f) {
            return bool(f, Conversions.toInteger(f, a.eval(f), this) == 0);
        }
    }
}
