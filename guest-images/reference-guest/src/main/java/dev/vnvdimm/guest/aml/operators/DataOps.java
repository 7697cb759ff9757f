package dev.vnvdimm.guest.aml.operators;

import dev.vnvdimm.abi.aml.AmlOpcode;
import dev.vnvdimm.guest.aml.runtime.AmlBuffer;
import dev.vnvdimm.guest.aml.runtime.AmlBufferField;
import dev.vnvdimm.guest.aml.runtime.AmlException;
import dev.vnvdimm.guest.aml.runtime.AmlFieldUnit;
import dev.vnvdimm.guest.aml.runtime.AmlInteger;
import dev.vnvdimm.guest.aml.runtime.AmlObject;
import dev.vnvdimm.guest.aml.runtime.AmlPackage;
import dev.vnvdimm.guest.aml.runtime.AmlReference;
import dev.vnvdimm.guest.aml.runtime.AmlString;
import dev.vnvdimm.guest.aml.runtime.AmlTable;
import dev.vnvdimm.guest.aml.runtime.Conversions;
import dev.vnvdimm.guest.aml.runtime.FieldIo;
import dev.vnvdimm.guest.aml.runtime.Frame;
import dev.vnvdimm.guest.aml.runtime.Node;
import dev.vnvdimm.guest.aml.runtime.ObjectTypes;
import dev.vnvdimm.guest.aml.runtime.References;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * String, buffer and package operators and explicit conversions (ACPI 6.4 §19.6: Concatenate,
 * ConcatenateResTemplate, SizeOf, Mid, Match, ToBuffer, ToInteger, ToString, ToHexString, ToDecimalString).
 */
public final class DataOps {
    private DataOps() {
    }

    static AmlObject storeResult(Frame f, Node target, AmlObject result) {
        if (!target.isNullTarget()) {
            target.store(f, result);
        }
        return result;
    }

    /** Concatenate (§19.6.12): the result type is the first operand's; the second is converted to it. */
    public static final class Concat extends Node {
        final Node a;
        final Node b;
        final Node target;

        public Concat(int off, AmlTable t, Node a, Node b, Node target) {
            super(AmlOpcode.CONCAT_OP, off, t);
            this.a = a;
            this.b = b;
            this.target = target;
        }

        @Override
        public AmlObject eval(Frame f) {
            AmlObject x = Conversions.value(f, a.eval(f), this);
            AmlObject y = b.eval(f);
            AmlObject r;
            if (x instanceof AmlInteger xi) {
                int n = f.interp.intBytes;
                byte[] d = new byte[2 * n];
                System.arraycopy(Conversions.integerBytes(xi.value(), n), 0, d, 0, n);
                System.arraycopy(Conversions.integerBytes(Conversions.toInteger(f, y, this), n), 0, d, n, n);
                r = new AmlBuffer(d);
            } else if (x instanceof AmlString xs) {
                String ys = Conversions.toStringImplicit(f, y, this);
                Conversions.checkDataSize((long) xs.value.length() + ys.length(), this);
                r = new AmlString(xs.value + ys);
            } else if (x instanceof AmlBuffer xb) {
                byte[] yb = Conversions.toBufferView(f, y, this);
                Conversions.checkDataSize((long) xb.data.length + yb.length, this);
                byte[] d = new byte[xb.data.length + yb.length];
                System.arraycopy(xb.data, 0, d, 0, xb.data.length);
                System.arraycopy(yb, 0, d, xb.data.length, yb.length);
                r = new AmlBuffer(d);
            } else {
                throw error("AE_AML_OPERAND_TYPE", "cannot concatenate " + ObjectTypes.describe(x));
            }
            return storeResult(f, target, r);
        }
    }

    /** ConcatenateResTemplate (§19.6.13): both end tags dropped, one End Tag (0x79, checksum 0) appended. */
    public static final class ConcatRes extends Node {
        final Node a;
        final Node b;
        final Node target;

        public ConcatRes(int off, AmlTable t, Node a, Node b, Node target) {
            super(AmlOpcode.CONCAT_RES_OP, off, t);
            this.a = a;
            this.b = b;
            this.target = target;
        }

        @Override
        public AmlObject eval(Frame f) {
            byte[] x = stripEnd(Conversions.toBufferView(f, a.eval(f), this));
            byte[] y = stripEnd(Conversions.toBufferView(f, b.eval(f), this));
            Conversions.checkDataSize((long) x.length + y.length + 2, this);
            byte[] d = new byte[x.length + y.length + 2];
            System.arraycopy(x, 0, d, 0, x.length);
            System.arraycopy(y, 0, d, x.length, y.length);
            d[d.length - 2] = 0x79;
            return storeResult(f, target, new AmlBuffer(d));
        }

        private static byte[] stripEnd(byte[] d) {
            if (d.length >= 2 && (d[d.length - 2] & 0xFF) == 0x79) {
                return Arrays.copyOf(d, d.length - 2);
            }
            return d;
        }
    }

    /**
     * SizeOf (§19.6.126): bytes of a Buffer, characters of a String, elements of a Package; an Integer gives the
     * integer width in bytes, as in ACPICA (acpiexec: 4 in a revision-1 table).
     */
    public static final class SizeOf extends Node {
        final Node a;

        public SizeOf(int off, AmlTable t, Node a) {
            super(AmlOpcode.SIZE_OF_OP, off, t);
            this.a = a;
        }

        @Override
        public AmlObject eval(Frame f) {
            AmlObject o = a.raw(f);
            if (o instanceof AmlReference r) {
                o = References.deref(f, r, this);
            }
            if (o instanceof AmlFieldUnit || o instanceof AmlBufferField) {
                o = FieldIo.read(f.interp, o, this);
            }
            if (o instanceof AmlBuffer b) {
                return AmlInteger.of(b.data.length);
            }
            if (o instanceof AmlString s) {
                return AmlInteger.of(s.value.length());
            }
            if (o instanceof AmlPackage p) {
                return AmlInteger.of(p.elements.size());
            }
            if (o instanceof AmlInteger) {
                // not in the spec; ACPICA answers the integer width in bytes, and QEMU's NCAL relies on it:
                // its LAnd(ObjectType(Arg3) == 4, SizeOf(Arg3) == 1) evaluates SizeOf(Zero) from _LSI
                return AmlInteger.of(f.interp.intBytes);
            }
            throw error("AE_AML_OPERAND_TYPE", "SizeOf needs a Buffer, String or Package, not " + ObjectTypes.describe(o));
        }
    }

    /** Mid (§19.6.86): Length items from Index of a String or Buffer, clipped at its end. */
    public static final class Mid extends Node {
        final Node src;
        final Node index;
        final Node length;
        final Node target;

        public Mid(int off, AmlTable t, Node src, Node index, Node length, Node target) {
            super(AmlOpcode.MID_OP, off, t);
            this.src = src;
            this.index = index;
            this.length = length;
            this.target = target;
        }

        @Override
        public AmlObject eval(Frame f) {
            AmlObject s = Conversions.value(f, src.eval(f), this);
            long i = Conversions.toInteger(f, index.eval(f), this);
            long n = Conversions.toInteger(f, length.eval(f), this);
            AmlObject r;
            if (s instanceof AmlString str) {
                int len = str.value.length();
                int from = (int) Math.min(Long.compareUnsigned(i, len) >= 0 ? len : i, len);
                int to = (int) Math.min(len, from + Math.min(n < 0 ? Long.MAX_VALUE : n, len));
                r = new AmlString(str.value.substring(from, Math.max(from, to)));
            } else {
                byte[] d = Conversions.toBufferView(f, s, this);
                int len = d.length;
                int from = Long.compareUnsigned(i, len) >= 0 ? len : (int) i;
                int to = (int) Math.min(len, from + Math.min(n < 0 ? Long.MAX_VALUE : n, len));
                r = new AmlBuffer(Arrays.copyOfRange(d, from, Math.max(from, to)));
            }
            return storeResult(f, target, r);
        }
    }

    /**
     * Match (§19.6.81): the index of the first package element, from StartIndex, satisfying both conditions
     * (MTR 0, MEQ 1, MLE 2, MLT 3, MGE 4, MGT 5; the match object is converted to the element's type), else Ones.
     * Elements that are not Integer, String or Buffer are skipped.
     */
    public static final class Match extends Node {
        final Node pkg;
        final int op1;
        final Node obj1;
        final int op2;
        final Node obj2;
        final Node start;

        public Match(int off, AmlTable t, Node pkg, int op1, Node obj1, int op2, Node obj2, Node start) {
            super(AmlOpcode.MATCH_OP, off, t);
            this.pkg = pkg;
            this.op1 = op1;
            this.obj1 = obj1;
            this.op2 = op2;
            this.obj2 = obj2;
            this.start = start;
        }

        @Override
        public AmlObject eval(Frame f) {
            AmlObject p = Conversions.value(f, pkg.eval(f), this);
            if (!(p instanceof AmlPackage pk)) {
                throw error("AE_AML_OPERAND_TYPE", "Match needs a Package, not " + ObjectTypes.describe(p));
            }
            AmlObject m1 = Conversions.value(f, obj1.eval(f), this);
            AmlObject m2 = Conversions.value(f, obj2.eval(f), this);
            long s = Conversions.toInteger(f, start.eval(f), this);
            if (op1 > 5 || op2 > 5) {
                throw error("AE_AML_OPERAND_VALUE", "bad Match operator");
            }
            List<AmlObject> el = pk.elements;
            if (Long.compareUnsigned(s, el.size()) >= 0) {
                throw error("AE_AML_PACKAGE_LIMIT", "Match start index " + s + " beyond package of " + el.size());
            }
            for (int i = (int) s; i < el.size(); i++) {
                AmlObject e = el.get(i);
                if (!(e instanceof AmlInteger || e instanceof AmlString || e instanceof AmlBuffer)) {
                    continue;
                }
                if (test(f, op1, e, m1) && test(f, op2, e, m2)) {
                    return AmlInteger.of(i);
                }
            }
            return f.interp.ones;
        }

        private boolean test(Frame f, int mop, AmlObject element, AmlObject m) {
            if (mop == 0) {
                return true;
            }
            int c;
            try {
                if (element instanceof AmlInteger ei) {
                    c = Long.compareUnsigned(ei.value(), Conversions.toInteger(f, m, this));
                } else if (element instanceof AmlString es) {
                    c = es.value.compareTo(Conversions.toStringImplicit(f, m, this));
                } else {
                    c = Logic.compareBytes(((AmlBuffer) element).data, Conversions.toBufferView(f, m, this));
                }
            } catch (AmlException e) {
                return false;
            }
            return switch (mop) {
                case 1 -> c == 0;
                case 2 -> c <= 0;
                case 3 -> c < 0;
                case 4 -> c >= 0;
                default -> c > 0;
            };
        }
    }

    /** ToBuffer, ToInteger, ToHexString, ToDecimalString (§19.6.136-141). */
    public static final class Convert extends Node {
        final Node a;
        final Node target;

        public Convert(int op, int off, AmlTable t, Node a, Node target) {
            super(op, off, t);
            this.a = a;
            this.target = target;
        }

        @Override
        public AmlObject eval(Frame f) {
            AmlObject v = Conversions.value(f, a.eval(f), this);
            AmlObject r;
            switch (op) {
                case AmlOpcode.TO_BUFFER_OP:
                    r = new AmlBuffer(Conversions.toBufferView(f, v, this).clone());
                    break;
                case AmlOpcode.TO_INTEGER_OP:
                    if (v instanceof AmlString s) {
                        r = AmlInteger.of(Conversions.parseExplicit(s.value) & f.interp.intMask);
                    } else {
                        r = AmlInteger.of(Conversions.toInteger(f, v, this));
                    }
                    break;
                case AmlOpcode.TO_HEX_STRING_OP:
                    if (v instanceof AmlInteger i) {
                        r = new AmlString(Conversions.hexDigits(i.value(), f.interp.intBytes * 2));
                    } else if (v instanceof AmlBuffer b) {
                        r = new AmlString(Conversions.bufferList(b.data, ",", true, this));
                    } else {
                        r = new AmlString(Conversions.toStringImplicit(f, v, this));
                    }
                    break;
                default:
                    if (v instanceof AmlInteger i) {
                        r = new AmlString(Long.toUnsignedString(i.value()));
                    } else if (v instanceof AmlBuffer b) {
                        r = new AmlString(Conversions.bufferList(b.data, ",", false, this));
                    } else {
                        r = new AmlString(Conversions.toStringImplicit(f, v, this));
                    }
            }
            return storeResult(f, target, r);
        }
    }

    /** ToString (§19.6.142): buffer bytes up to the first NUL or Length bytes (Ones: no limit). */
    public static final class ToStr extends Node {
        final Node a;
        final Node length;
        final Node target;

        public ToStr(int off, AmlTable t, Node a, Node length, Node target) {
            super(AmlOpcode.TO_STRING_OP, off, t);
            this.a = a;
            this.length = length;
            this.target = target;
        }

        @Override
        public AmlObject eval(Frame f) {
            byte[] d = Conversions.toBufferView(f, a.eval(f), this);
            long max = Conversions.toInteger(f, length.eval(f), this);
            int n = 0;
            while (n < d.length && d[n] != 0 && Long.compareUnsigned(n, max) < 0) {
                n++;
            }
            return storeResult(f, target, new AmlString(new String(d, 0, n, StandardCharsets.ISO_8859_1)));
        }
    }
}
