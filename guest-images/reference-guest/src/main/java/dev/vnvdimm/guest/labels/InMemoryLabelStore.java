package dev.vnvdimm.guest.labels;

import dev.vnvdimm.abi.dsm.IntelDsm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A label area in memory, for tests and tools. It records every call as an {@link Access}, rejects calls
 * that break the DSM rules (empty, beyond the area, longer than {@code maxTransfer}), and can simulate a
 * power loss: after {@link #powerFailAfterWrites(int)} further writes, the next write throws
 * {@link PowerLoss} without changing anything.
 */
public final class InMemoryLabelStore implements LabelStore {

    /** One DSM call. */
    public record Access(Kind kind, int offset, int length) {
        public enum Kind { READ, WRITE }
    }

    /** Thrown by a write that the simulated power loss prevents. */
    public static final class PowerLoss extends RuntimeException {
        PowerLoss(int offset, int length) {
            super("power lost before writing " + length + " bytes at " + offset);
        }
    }

    private final byte[] data;
    private final int maxTransfer;
    private final List<Access> accesses = new ArrayList<>();
    private int writesLeft = -1;

    public InMemoryLabelStore(int size, int maxTransfer) {
        this(new byte[size], maxTransfer);
    }

    /** A store holding a copy of {@code image}. */
    public InMemoryLabelStore(byte[] image, int maxTransfer) {
        if (maxTransfer <= 0) {
            throw new IllegalArgumentException("maxTransfer must be positive");
        }
        this.data = image.clone();
        this.maxTransfer = maxTransfer;
    }

    /** QEMU's view of a label area: {@code max_xfer} = 4076. */
    public static InMemoryLabelStore qemu(byte[] image) {
        return new InMemoryLabelStore(image, IntelDsm.MAX_LABEL_TRANSFER);
    }

    @Override
    public int size() {
        return data.length;
    }

    @Override
    public int maxTransfer() {
        return maxTransfer;
    }

    @Override
    public byte[] read(int offset, int length) {
        check(offset, length);
        accesses.add(new Access(Access.Kind.READ, offset, length));
        return Arrays.copyOfRange(data, offset, offset + length);
    }

    @Override
    public void write(int offset, byte[] bytes) {
        check(offset, bytes.length);
        if (writesLeft == 0) {
            throw new PowerLoss(offset, bytes.length);
        }
        if (writesLeft > 0) {
            writesLeft--;
        }
        accesses.add(new Access(Access.Kind.WRITE, offset, bytes.length));
        System.arraycopy(bytes, 0, data, offset, bytes.length);
    }

    private void check(int offset, int length) {
        if (length <= 0 || length > maxTransfer) {
            throw new IllegalArgumentException("transfer of " + length + " bytes; max is " + maxTransfer);
        }
        if (offset < 0 || (long) offset + length > data.length) {
            throw new IllegalArgumentException("transfer [" + offset + ", +" + length + ") outside the "
                    + data.length + "-byte area");
        }
    }

    /** Lets {@code n} more writes through, then fails every write; a negative {@code n} never fails. */
    public void powerFailAfterWrites(int n) {
        writesLeft = n;
    }

    public List<Access> accesses() {
        return Collections.unmodifiableList(accesses);
    }

    public List<Access> writes() {
        return accesses.stream().filter(a -> a.kind() == Access.Kind.WRITE).toList();
    }

    public void clearAccesses() {
        accesses.clear();
    }

    /** A copy of the whole area, without recording an access. */
    public byte[] contents() {
        return data.clone();
    }
}
