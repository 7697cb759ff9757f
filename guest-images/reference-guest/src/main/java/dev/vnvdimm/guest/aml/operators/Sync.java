package dev.vnvdimm.guest.aml.operators;

import dev.vnvdimm.abi.aml.AmlOpcode;
import dev.vnvdimm.guest.aml.runtime.AmlEvent;
import dev.vnvdimm.guest.aml.runtime.AmlException;
import dev.vnvdimm.guest.aml.runtime.AmlInteger;
import dev.vnvdimm.guest.aml.runtime.AmlMutex;
import dev.vnvdimm.guest.aml.runtime.AmlObject;
import dev.vnvdimm.guest.aml.runtime.AmlReference;
import dev.vnvdimm.guest.aml.runtime.AmlTable;
import dev.vnvdimm.guest.aml.runtime.AmlWarning;
import dev.vnvdimm.guest.aml.runtime.Conversions;
import dev.vnvdimm.guest.aml.runtime.Frame;
import dev.vnvdimm.guest.aml.runtime.Node;
import dev.vnvdimm.guest.aml.runtime.ObjectType;
import dev.vnvdimm.guest.aml.runtime.References;

/**
 * Synchronisation and miscellaneous statements (ACPI 6.4 §19.6: Acquire, Release, Signal, Wait, Reset, Sleep,
 * Stall, Notify, Fatal, and DataTableRegion, which this interpreter does not support).
 */
public final class Sync {
    private Sync() {
    }

    static AmlObject target(Frame f, Node n) {
        AmlObject o = n.raw(f);
        if (o instanceof AmlReference r) {
            o = References.deref(f, r, n);
        }
        return o;
    }

    /** Acquire (§19.6.2): Zero when acquired, Ones (true) when Timeout ms passed first; 0xFFFF waits forever. */
    public static final class Acquire extends Node {
        final Node mutex;
        final int timeout;

        public Acquire(int off, AmlTable t, Node mutex, int timeout) {
            super(AmlOpcode.ACQUIRE_OP, off, t);
            this.mutex = mutex;
            this.timeout = timeout;
        }

        @Override
        public AmlObject eval(Frame f) {
            if (!(target(f, mutex) instanceof AmlMutex m)) {
                throw error("AE_AML_OPERAND_TYPE", "Acquire needs a Mutex");
            }
            return f.interp.acquire(f, m, timeout, this) ? AmlInteger.ZERO : f.interp.ones;
        }
    }

    public static final class Release extends Node {
        final Node mutex;

        public Release(int off, AmlTable t, Node mutex) {
            super(AmlOpcode.RELEASE_OP, off, t);
            this.mutex = mutex;
        }

        @Override
        public AmlObject eval(Frame f) {
            if (!(target(f, mutex) instanceof AmlMutex m)) {
                throw error("AE_AML_OPERAND_TYPE", "Release needs a Mutex");
            }
            f.interp.release(f, m, this);
            return null;
        }
    }

    /** Signal, Reset, and Wait (§19.6.153: Ones on timeout, Zero when signalled). */
    public static final class EventOp extends Node {
        final Node event;
        final Node timeout;

        public EventOp(int op, int off, AmlTable t, Node event, Node timeout) {
            super(op, off, t);
            this.event = event;
            this.timeout = timeout;
        }

        @Override
        public AmlObject eval(Frame f) {
            if (!(target(f, event) instanceof AmlEvent e)) {
                throw error("AE_AML_OPERAND_TYPE", "not an Event");
            }
            switch (op) {
                case AmlOpcode.SIGNAL_OP:
                    e.semaphore.release();
                    return null;
                case AmlOpcode.RESET_OP:
                    e.semaphore.drainPermits();
                    return null;
                default:
                    long ms = Conversions.toInteger(f, timeout.eval(f), timeout);
                    return f.interp.waitEvent(e, ms, this) ? AmlInteger.ZERO : f.interp.ones;
            }
        }
    }

    /** Sleep (milliseconds, releases the interpreter) and Stall (microseconds, busy). */
    public static final class Delay extends Node {
        final Node amount;

        public Delay(int op, int off, AmlTable t, Node amount) {
            super(op, off, t);
            this.amount = amount;
        }

        @Override
        public AmlObject eval(Frame f) {
            long v = Conversions.toInteger(f, amount.eval(f), amount);
            if (op == AmlOpcode.SLEEP_OP) {
                f.interp.sleep(v, this);
            } else {
                f.interp.clock.stall(Math.min(v, 100));
            }
            return null;
        }
    }

    public static final class Notify extends Node {
        final Node object;
        final Node value;

        public Notify(int off, AmlTable t, Node object, Node value) {
            super(AmlOpcode.NOTIFY_OP, off, t);
            this.object = object;
            this.value = value;
        }

        @Override
        public AmlObject eval(Frame f) {
            AmlReference r = ReferenceOps.referenceTo(f, object);
            if (r.kind != AmlReference.Kind.NAME) {
                throw error("AE_AML_OPERAND_TYPE", "Notify needs a Device, Processor or ThermalZone");
            }
            ObjectType type = r.node.type();
            if (type != ObjectType.DEVICE && type != ObjectType.PROCESSOR && type != ObjectType.THERMAL_ZONE) {
                throw error("AE_AML_OPERAND_TYPE", "Notify on a " + type + " (" + r.node.path() + ")");
            }
            long v = Conversions.toInteger(f, value.eval(f), value);
            f.interp.queueNotify(r.node, (int) (v & 0xFF));
            return null;
        }
    }

    /**
     * Fatal (ACPI 6.4 §19.6, Fatal): the firmware tells the OS of a fatal error. It is reported (an
     * {@link AmlWarning} of kind FATAL, for the guest's log) and the method goes on, as ACPICA up to 2025 and so
     * Linux 6.1 do: the OS is told and control comes back. (ACPICA since November 2025 ends the method instead.)
     */
    public static final class Fatal extends Node {
        final int type;
        final long code;
        final Node arg;

        public Fatal(int off, AmlTable t, int type, long code, Node arg) {
            super(AmlOpcode.FATAL_OP, off, t);
            this.type = type;
            this.code = code;
            this.arg = arg;
        }

        @Override
        public AmlObject eval(Frame f) {
            long a = Conversions.toInteger(f, arg.eval(f), arg);
            AmlException report = error("AE_AML_FATAL", String.format("Fatal(type 0x%X, code 0x%X, arg 0x%X) executed",
                    type, code, a & 0xFFFF_FFFFL));
            f.interp.warn(new AmlWarning(AmlWarning.Kind.FATAL, report.status(),
                    report.getMessage() + (f.moduleLevel() ? "" : " in " + f.scope.path())));
            return null;
        }
    }

    public static final class Unsupported extends Node {
        final String what;

        public Unsupported(int op, int off, AmlTable t, String what) {
            super(op, off, t);
            this.what = what;
        }

        @Override
        public AmlObject eval(Frame f) {
            throw error("AE_NOT_IMPLEMENTED", what + " is not supported by this interpreter");
        }
    }
}
