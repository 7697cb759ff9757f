package dev.vnvdimm.emulator.machine;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A machine reset asked for, as QEMU's {@code qemu_system_reset_request}: the request is only noted here, and
 * whoever runs the machine carries it out once the guest's current activity has ended (QEMU's main loop does the
 * same after the vCPU leaves the instruction that asked). Guest memory stays as it is across a reset; the firmware
 * runs again and the guest boots anew.
 */
public final class SystemReset {
    /** Why, in QEMU's {@code ShutdownCause} words, as the {@code RESET} event reports it. */
    public enum Cause {
        /** QMP {@code system_reset}. */
        HOST_QMP_SYSTEM_RESET("host-qmp-system-reset", false),
        /** The guest reset the machine (the keyboard controller's pulse-reset command). */
        GUEST_RESET("guest-reset", true);

        private final String qmpName;
        private final boolean guest;

        Cause(String qmpName, boolean guest) {
            this.qmpName = qmpName;
            this.guest = guest;
        }

        public String qmpName() {
            return qmpName;
        }

        /** Whether the guest asked for it (the event's {@code guest} member). */
        public boolean guest() {
            return guest;
        }
    }

    private final AtomicReference<Cause> pending = new AtomicReference<>();
    private volatile Runnable onRequest = () -> { };

    /** Notes a request (the first one stands until taken) and tells whoever runs the machine. */
    public void request(Cause cause) {
        pending.compareAndSet(null, cause);
        onRequest.run();
    }

    /** The pending request, taken: it is carried out once. */
    public Optional<Cause> take() {
        return Optional.ofNullable(pending.getAndSet(null));
    }

    /** What runs on every request, on the requesting thread (it must not wait for the guest). */
    public void onRequest(Runnable action) {
        onRequest = action;
    }
}
