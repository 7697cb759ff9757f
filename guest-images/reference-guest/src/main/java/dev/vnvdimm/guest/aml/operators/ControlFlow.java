package dev.vnvdimm.guest.aml.operators;

import dev.vnvdimm.abi.aml.AmlOpcode;
import dev.vnvdimm.guest.aml.runtime.AmlObject;
import dev.vnvdimm.guest.aml.runtime.AmlTable;
import dev.vnvdimm.guest.aml.runtime.Block;
import dev.vnvdimm.guest.aml.runtime.Conversions;
import dev.vnvdimm.guest.aml.runtime.Frame;
import dev.vnvdimm.guest.aml.runtime.Node;

/** Statement opcodes (ACPI 6.4 §19.6.59 If/Else, §19.6.152 While, Break, Continue, Return, Noop, BreakPoint). */
public final class ControlFlow {
    private ControlFlow() {
    }

    public static final class If extends Node {
        final Node predicate;
        final Block then;
        final Block otherwise;

        public If(int off, AmlTable t, Node predicate, Block then, Block otherwise) {
            super(AmlOpcode.IF_OP, off, t);
            this.predicate = predicate;
            this.then = then;
            this.otherwise = otherwise;
        }

        @Override
        public AmlObject eval(Frame f) {
            if (Conversions.toInteger(f, predicate.eval(f), predicate) != 0) {
                then.exec(f);
            } else if (otherwise != null) {
                otherwise.exec(f);
            }
            return null;
        }
    }

    /**
     * While. A loop that runs longer than the options' loop timeout is stopped with {@code AE_AML_LOOP_TIMEOUT},
     * which ends the method like any AML error and so gives its caller control back, as ACPICA stops it (its limit
     * is 30 seconds, as is the default here). The clock is read every iteration while iterations are slow, and
     * every few (up to {@link #MAX_STRIDE}) while they are quick, so a tight loop pays almost nothing for the check
     * and a loop of slow iterations is still stopped within one iteration of its limit.
     */
    public static final class While extends Node {
        /** Most iterations between two looks at the clock. */
        static final int MAX_STRIDE = 1024;
        /** Look at the clock at least this often while iterations are quick. */
        static final long CHECK_NANOS = 1_000_000;
        final Node predicate;
        final Block body;

        public While(int off, AmlTable t, Node predicate, Block body) {
            super(AmlOpcode.WHILE_OP, off, t);
            this.predicate = predicate;
            this.body = body;
        }

        @Override
        public AmlObject eval(Frame f) {
            long start = f.interp.clock.nanoTime();
            long limit = f.interp.loopTimeoutNanos;
            long last = start;
            long n = 0;
            int stride = 1;
            int k = 0;
            while (Conversions.toInteger(f, predicate.eval(f), predicate) != 0) {
                body.exec(f);
                n++;
                int c = f.control;
                if (c != Frame.NORMAL) {
                    if (c == Frame.BREAK) {
                        f.control = Frame.NORMAL;
                        break;
                    }
                    if (c == Frame.CONTINUE) {
                        f.control = Frame.NORMAL;
                    } else {
                        return null;
                    }
                }
                if (++k >= stride) {
                    k = 0;
                    long now = f.interp.clock.nanoTime();
                    if (now - start > limit) {
                        throw error("AE_AML_LOOP_TIMEOUT", "While loop ran longer than "
                                + f.interp.options.loopTimeout() + " (" + n + " iterations)");
                    }
                    stride = now - last < CHECK_NANOS ? Math.min(stride << 1, MAX_STRIDE) : 1;
                    last = now;
                }
            }
            return null;
        }
    }

    public static final class Jump extends Node {
        final int control;

        public Jump(int op, int off, AmlTable t, int control) {
            super(op, off, t);
            this.control = control;
        }

        @Override
        public AmlObject eval(Frame f) {
            f.control = control;
            return null;
        }
    }

    public static final class Return extends Node {
        final Node value;

        public Return(int off, AmlTable t, Node value) {
            super(AmlOpcode.RETURN_OP, off, t);
            this.value = value;
        }

        @Override
        public AmlObject eval(Frame f) {
            f.returnValue = value.eval(f);
            f.control = Frame.RETURN;
            return null;
        }
    }

    public static final class Noop extends Node {
        public Noop(int op, int off, AmlTable t) {
            super(op, off, t);
        }

        @Override
        public AmlObject eval(Frame f) {
            return null;
        }
    }
}
