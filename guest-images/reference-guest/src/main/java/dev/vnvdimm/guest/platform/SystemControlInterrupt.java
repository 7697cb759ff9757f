package dev.vnvdimm.guest.platform;

/**
 * The machine's ACPI System Control Interrupt as the guest sees it (ACPI 6.5 §5.6.4, §4.8.4.1): the one
 * interrupt line the hardware raises while a general-purpose event is both pending (its GPE status bit set) and
 * enabled. It is how a hypervisor tells the guest that something changed under it, such as an NVDIMM plugged
 * in at run time; what changed the guest learns from the GPE registers and the AML, not from the interrupt.
 * <p>
 * The guest {@linkplain #connect connects} one handler at boot. The platform calls it each time the line is
 * raised, on the platform's own interrupt thread, one call at a time, and only while the guest's CPU may run (a
 * paused machine delivers the interrupt when it is continued). The handler does its work on that thread, as a
 * kernel's ACPI worker would; it must tolerate a call that finds nothing pending.
 */
public interface SystemControlInterrupt {
    /** A machine whose SCI never fires (stand-alone platforms, or hardware with no ACPI events). */
    SystemControlInterrupt NONE = handler -> {
    };

    /** Calls {@code handler} whenever the line is raised from now on; a second call replaces the handler. */
    void connect(Runnable handler);
}
