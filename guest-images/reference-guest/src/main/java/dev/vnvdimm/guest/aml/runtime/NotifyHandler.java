package dev.vnvdimm.guest.aml.runtime;

/**
 * Receives Notify(Device, Value) (ACPI 6.4 §5.6.6). Delivered on the evaluating thread after the outermost
 * {@code AmlInterpreter.evaluate} (or {@code load}) returns and the interpreter is idle, in the order the
 * Notify operators ran, as ACPICA queues them to be run outside the interpreter.
 */
@FunctionalInterface
public interface NotifyHandler {
    void notify(NamespaceNode device, int value);
}
