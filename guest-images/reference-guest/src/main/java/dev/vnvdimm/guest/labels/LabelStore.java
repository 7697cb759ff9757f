package dev.vnvdimm.guest.labels;

/**
 * The label storage area of one NVDIMM as the guest reaches it: the Intel {@code _DSM} function 4 (Get
 * Namespace Label Size: {@link #size()}, {@link #maxTransfer()}), function 5 (Get Namespace Label Data)
 * and function 6 (Set Namespace Label Data). A single {@link #read}/{@link #write} is one DSM call and must
 * not exceed {@link #maxTransfer()} bytes (QEMU answers 4076); {@link LabelStorageArea} splits larger
 * transfers.
 */
public interface LabelStore {

    /** Size of the label area in bytes ({@code config_size}). */
    int size();

    /** Largest payload of one read or write ({@code max_xfer}). */
    int maxTransfer();

    byte[] read(int offset, int length);

    void write(int offset, byte[] data);
}
