package dev.vnvdimm.guest.aml.operators;

import dev.vnvdimm.abi.aml.AmlOpcode;
import dev.vnvdimm.guest.aml.runtime.AmlDebugObject;
import dev.vnvdimm.guest.aml.runtime.AmlObject;
import dev.vnvdimm.guest.aml.runtime.AmlReference;
import dev.vnvdimm.guest.aml.runtime.AmlTable;
import dev.vnvdimm.guest.aml.runtime.AmlUninitialized;
import dev.vnvdimm.guest.aml.runtime.Frame;
import dev.vnvdimm.guest.aml.runtime.Node;
import dev.vnvdimm.guest.aml.runtime.Store;

/** Local0-7, Arg0-6 (ACPI 6.4 §19.3.5.8 store rules for each), the Debug object and the NullName target. */
public final class Variables {
    private Variables() {
    }

    public static final class Local extends Node {
        final int index;

        public Local(int off, AmlTable t, int index) {
            super(AmlOpcode.LOCAL0_OP + index, off, t);
            this.index = index;
        }

        @Override
        public AmlObject eval(Frame f) {
            AmlObject v = f.locals[index];
            if (v == null) {
                throw error("AE_AML_UNINITIALIZED_LOCAL", "Local" + index + " used before it was set");
            }
            return v;
        }

        @Override
        public AmlObject raw(Frame f) {
            AmlObject v = f.locals[index];
            return v == null ? AmlUninitialized.INSTANCE : v;
        }

        @Override
        public void store(Frame f, AmlObject value) {
            f.locals[index] = Store.copyValue(value);
        }

        AmlReference reference(Frame f) {
            return AmlReference.toLocal(f, index);
        }
    }

    public static final class Arg extends Node {
        final int index;

        public Arg(int off, AmlTable t, int index) {
            super(AmlOpcode.ARG0_OP + index, off, t);
            this.index = index;
        }

        @Override
        public AmlObject eval(Frame f) {
            AmlObject v = f.args[index];
            if (v == null || v instanceof AmlUninitialized) {
                throw error("AE_AML_UNINITIALIZED_ARG", "Arg" + index + " used but not passed");
            }
            return v;
        }

        @Override
        public AmlObject raw(Frame f) {
            AmlObject v = f.args[index];
            return v == null ? AmlUninitialized.INSTANCE : v;
        }

        @Override
        public void store(Frame f, AmlObject value) {
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

    public static final class Debug extends Node {
        public Debug(int off, AmlTable t) {
            super(AmlOpcode.DEBUG_OP, off, t);
        }

        @Override
        public AmlObject eval(Frame f) {
            return AmlDebugObject.INSTANCE;
        }

        @Override
        public void store(Frame f, AmlObject value) {
            f.interp.debug(value);
        }
    }

    public static final class NullTarget extends Node {
        public NullTarget(int off, AmlTable t) {
            super(AmlOpcode.NULL_NAME, off, t);
        }

        @Override
        public AmlObject eval(Frame f) {
            return AmlUninitialized.INSTANCE;
        }

        @Override
        public void store(Frame f, AmlObject value) {
        }

        @Override
        public boolean isNullTarget() {
            return true;
        }
    }
}
