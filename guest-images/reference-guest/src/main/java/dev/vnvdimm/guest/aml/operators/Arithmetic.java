package dev.vnvdimm.guest.aml.operators;

import dev.vnvdimm.abi.aml.AmlOpcode;
import dev.vnvdimm.guest.aml.runtime.AmlInteger;
import dev.vnvdimm.guest.aml.runtime.AmlObject;
import dev.vnvdimm.guest.aml.runtime.AmlTable;
import dev.vnvdimm.guest.aml.runtime.Conversions;
import dev.vnvdimm.guest.aml.runtime.Frame;
import dev.vnvdimm.guest.aml.runtime.Node;

/**
 * Integer operators (ACPI 6.4 §19.6: Add, Subtract, Multiply, Divide, Mod, ShiftLeft, ShiftRight, And, Or, Xor,
 * Nand, Nor, Not, Increment, Decrement, FindSetLeftBit, FindSetRightBit). Integers are unsigned and every
 * result is cut to the integer width (32 bits for a DSDT revision below 2).
 */
public final class Arithmetic {
    private Arithmetic() {
    }

    public static final class Binary extends Node {
        final Node a;
        final Node b;
        final Node target;

        public Binary(int op, int off, AmlTable t, Node a, Node b, Node target) {
            super(op, off, t);
            this.a = a;
            this.b = b;
            this.target = target;
        }

        @Override
        public AmlObject eval(Frame f) {
            long x = Conversions.toInteger(f, a.eval(f), this);
            long y = Conversions.toInteger(f, b.eval(f), this);
            int bits = f.interp.intBits;
            long r;
            switch (op) {
                case AmlOpcode.ADD_OP -> r = x + y;
                case AmlOpcode.SUBTRACT_OP -> r = x - y;
                case AmlOpcode.MULTIPLY_OP -> r = x * y;
                case AmlOpcode.AND_OP -> r = x & y;
                case AmlOpcode.OR_OP -> r = x | y;
                case AmlOpcode.XOR_OP -> r = x ^ y;
                case AmlOpcode.NAND_OP -> r = ~(x & y);
                case AmlOpcode.NOR_OP -> r = ~(x | y);
                case AmlOpcode.SHIFT_LEFT_OP -> r = Long.compareUnsigned(y, bits) >= 0 ? 0 : x << y;
                case AmlOpcode.SHIFT_RIGHT_OP -> r = Long.compareUnsigned(y, bits) >= 0 ? 0 : x >>> y;
                case AmlOpcode.MOD_OP -> {
                    if (y == 0) {
                        throw error("AE_AML_DIVIDE_BY_ZERO", "Mod by zero");
                    }
                    r = Long.remainderUnsigned(x, y);
                }
                default -> throw error("AE_AML_BAD_OPCODE", "not a binary operator");
            }
            AmlInteger result = AmlInteger.of(r & f.interp.intMask);
            if (!target.isNullTarget()) {
                target.store(f, result);
            }
            return result;
        }
    }

    public static final class Divide extends Node {
        final Node dividend;
        final Node divisor;
        final Node remainder;
        final Node quotient;

        public Divide(int off, AmlTable t, Node dividend, Node divisor, Node remainder, Node quotient) {
            super(AmlOpcode.DIVIDE_OP, off, t);
            this.dividend = dividend;
            this.divisor = divisor;
            this.remainder = remainder;
            this.quotient = quotient;
        }

        @Override
        public AmlObject eval(Frame f) {
            long x = Conversions.toInteger(f, dividend.eval(f), this);
            long y = Conversions.toInteger(f, divisor.eval(f), this);
            if (y == 0) {
                throw error("AE_AML_DIVIDE_BY_ZERO", "Divide by zero");
            }
            AmlInteger q = AmlInteger.of(Long.divideUnsigned(x, y));
            AmlInteger r = AmlInteger.of(Long.remainderUnsigned(x, y));
            if (!remainder.isNullTarget()) {
                remainder.store(f, r);
            }
            if (!quotient.isNullTarget()) {
                quotient.store(f, q);
            }
            return q;
        }
    }

    /** Not, FindSetLeftBit, FindSetRightBit. */
    public static final class Unary extends Node {
        final Node a;
        final Node target;

        public Unary(int op, int off, AmlTable t, Node a, Node target) {
            super(op, off, t);
            this.a = a;
            this.target = target;
        }

        @Override
        public AmlObject eval(Frame f) {
            long x = Conversions.toInteger(f, a.eval(f), this);
            long r = switch (op) {
                case AmlOpcode.NOT_OP -> ~x & f.interp.intMask;
                case AmlOpcode.FIND_SET_LEFT_BIT_OP -> x == 0 ? 0 : 64 - Long.numberOfLeadingZeros(x);
                default -> x == 0 ? 0 : Long.numberOfTrailingZeros(x) + 1;
            };
            AmlInteger result = AmlInteger.of(r);
            if (!target.isNullTarget()) {
                target.store(f, result);
            }
            return result;
        }
    }

    /** Increment / Decrement of a SuperName, wrapping at the integer width. */
    public static final class Step extends Node {
        final Node target;
        final long delta;

        public Step(int op, int off, AmlTable t, Node target) {
            super(op, off, t);
            this.target = target;
            this.delta = op == AmlOpcode.INCREMENT_OP ? 1 : -1;
        }

        @Override
        public AmlObject eval(Frame f) {
            long x = Conversions.toInteger(f, target.eval(f), this);
            AmlInteger result = AmlInteger.of((x + delta) & f.interp.intMask);
            target.store(f, result);
            return result;
        }
    }

    /** ToBCD / FromBCD (§19.6.139, §19.6.51). */
    public static final class Bcd extends Node {
        final Node a;
        final Node target;

        public Bcd(int op, int off, AmlTable t, Node a, Node target) {
            super(op, off, t);
            this.a = a;
            this.target = target;
        }

        @Override
        public AmlObject eval(Frame f) {
            long x = Conversions.toInteger(f, a.eval(f), this);
            long r = 0;
            if (op == AmlOpcode.TO_BCD_OP) {
                int shift = 0;
                long v = x;
                do {
                    if (shift >= f.interp.intBits) {
                        throw error("AE_AML_NUMERIC_OVERFLOW", "value too large for BCD: " + Long.toUnsignedString(x));
                    }
                    r |= Long.remainderUnsigned(v, 10) << shift;
                    v = Long.divideUnsigned(v, 10);
                    shift += 4;
                } while (v != 0);
            } else {
                long mul = 1;
                for (int i = 0; i < f.interp.intBits; i += 4) {
                    long d = (x >>> i) & 0xF;
                    if (d > 9) {
                        throw error("AE_AML_NUMERIC_OVERFLOW", "not a BCD digit: " + d);
                    }
                    r += d * mul;
                    mul *= 10;
                }
            }
            AmlInteger result = AmlInteger.of(r & f.interp.intMask);
            if (!target.isNullTarget()) {
                target.store(f, result);
            }
            return result;
        }
    }
}
