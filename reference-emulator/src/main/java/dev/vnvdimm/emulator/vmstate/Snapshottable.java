package dev.vnvdimm.emulator.vmstate;

/**
 * A device with state outside guest RAM that a migration must carry (QEMU's VMState of one device,
 * cloud-hypervisor's {@code Snapshottable}): it writes and reads its own bytes, and the migration knows it only
 * by its id.
 */
public interface Snapshottable {
    /** Unique among the machine's devices with state: the destination restores the state it finds under it. */
    String id();

    /** The device's state now; taken while the guest is paused. */
    byte[] snapshot();

    /**
     * Restores what {@link #snapshot} took on the source.
     *
     * @throws IllegalArgumentException when {@code state} is not a state this device could have taken
     */
    void restore(byte[] state);
}
