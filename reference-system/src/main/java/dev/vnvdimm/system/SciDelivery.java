package dev.vnvdimm.system;

import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.guest.platform.SystemControlInterrupt;
import java.util.function.Consumer;

/**
 * The machine's SCI line delivered to the guest's handler as an interrupt: each time the line rises, the handler
 * runs on this machine's own daemon interrupt thread, one call at a time, and only while the vCPU may run — a
 * paused machine delivers when it is continued. A line already raised when the guest connects is delivered at once
 * (the interrupt is level-triggered). The thread ends once the machine is closed.
 */
final class SciDelivery implements SystemControlInterrupt {
    private static final long CLOSED_CHECK_MILLIS = 500;

    private final Machine machine;
    private Runnable handler;
    private boolean pending;
    private Thread thread;

    SciDelivery(Machine machine) {
        this.machine = machine;
    }

    @Override
    public synchronized void connect(Runnable newHandler) {
        handler = newHandler;
        if (thread == null) {
            Consumer<Boolean> onLevel = raised -> {
                if (raised) {
                    interrupt();
                }
            };
            machine.sci().addListener(onLevel);
            thread = new Thread(() -> deliver(onLevel), "sci-" + machine.sci().name());
            thread.setDaemon(true);
            thread.start();
        }
        if (machine.sci().isRaised()) {
            interrupt();
        }
    }

    private synchronized void interrupt() {
        pending = true;
        notifyAll();
    }

    private void deliver(Consumer<Boolean> onLevel) {
        try {
            while (true) {
                Runnable h = next();
                if (h == null) {
                    return;
                }
                machine.vcpu().run(() -> {
                    try {
                        h.run();
                    } catch (RuntimeException e) {
                        // a failing handler is the guest's bug: report it and keep delivering
                        Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), e);
                    }
                    return null;
                });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            machine.sci().removeListener(onLevel);
        }
    }

    /** Waits for a raised line; null once the machine is gone. */
    private synchronized Runnable next() throws InterruptedException {
        while (!pending) {
            if (machine.isClosed()) {
                return null;
            }
            wait(CLOSED_CHECK_MILLIS);
        }
        pending = false;
        return handler;
    }
}
