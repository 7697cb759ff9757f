package dev.vnvdimm.harness.targets;

/** What happened when a target was given a command line: a running machine, or QEMU's refusal. */
public sealed interface BootOutcome {
    /** The machine runs. */
    record Started(MachineUnderTest machine) implements BootOutcome {
    }

    /**
     * The hypervisor refused the configuration.
     *
     * @param errorLine the error as printed, without the program name ({@code -device nvdimm,...: message})
     * @param message   QEMU's message alone
     */
    record Refused(String errorLine, String message) implements BootOutcome {
    }
}
