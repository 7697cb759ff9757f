package dev.vnvdimm.guest.aml;

import dev.vnvdimm.acpi.aml.AmlOpcode;

/** Local0-7, Arg0-6 (ACPI 6.4 §19.3.5.8 store rules for each), the Debug object and the NullName target. */
final class Variables {
    private Variables() {
    }

    static final class Local extends Node {
        final int index;

        Local(int off, AmlTable t, int index) {
            super(AmlOpcode.LOCAL0_OP + index, off, t);
            this.index = index;
        }

        @Override
        AmlObject eval(Frame f) {
            AmlObject v = f.locals[index];
            if (v == null) {
                throw error("AE_AML_UNINITIALIZED_LOCAL", "Local" + index + " used before it was set");
            }
            return v;
        }

        @Override
        AmlObject raw(Frame f) {
            AmlObject v = f.locals[index];
            return v == null ? AmlUninitialized.INSTANCE : v;
        }

        @Override
        void store(Frame f, AmlObject value) {
            f.locals[index] = Store.copyValue(value);
        }

        AmlReference reference(Frame f) {
            return AmlReference.toLocal(f, index);
        }
    }

    static final class Arg extends Node {
        final int index;

        Arg(int off, AmlTable t, int index) {
            super(AmlOpcode.ARG0_OP + index, off, t);
            this.index = index;
        }

        @Override
        AmlObject eval(Frame f) {
            AmlObject v = f.args[index];
            if (v == null || v instanceof AmlUninitialized) {
                throw error("AE_AML_UNINITIALIZED_ARG", "Arg" + index + " used but not passed");
            }
            return v;
        }

        @Override
        AmlObject raw(Frame f) {
            AmlObject v = f.args[index];
            return v == null ? AmlUninitialized.INSTANCE : v;
        }

        @Override
        void store(Frame f, AmlObject value) {
            if (f.args[index] instanceof AmlReference r && r.kind != AmlReference.Kind.INDEX) {
                Store.throughReference(f, r, value, this);
            } else {
                f.args[index] = Store.copyValue(value);
            }
        }

        AmlReference reference(Frame f) {
            if (f.args[index] instanceof AmlReference r) {
                return r;
            }
            return AmlReference.toArg(f, index);
        }
    }

    static final class Debug extends Node {
        Debug(int off, AmlTable t) {
            super(AmlOpcode.DEBUG_OP, off, t);
        }

        @Override
        AmlObject eval(Frame f) {
            return AmlDebugObject.INSTANCE;
        }

        @Override
        void store(Frame f, AmlObject value) {
            f.interp.debug(value);
        }
    }

    static final class NullTarget extends Node {
        NullTarget(int off, AmlTable t) {
            super(AmlOpcode.NULL_NAME, off, t);
        }

        @Override
        AmlObject eval(Frame f) {
            return AmlUninitialized.INSTANCE;
        }

        @Override
        void store(Frame f, AmlObject value) {
        }

        @Override
        boolean isNullTarget() {
            return true;
        }
    }
}
