package dev.vnvdimm.guest.aml.runtime;

import java.util.Arrays;

/** An AML Buffer: a byte array whose contents change through Index references, buffer fields and stores. */
public final class AmlBuffer extends AmlObject {
    public byte[] data;

    public AmlBuffer(byte[] data) {
        this.data = data;
    }

    /** A copy of the contents. */
    public byte[] bytes() {
        return data.clone();
    }

    public int length() {
        return data.length;
    }

    @Override
    public ObjectType type() {
        return ObjectType.BUFFER;
    }

    @Override
    AmlObject copy() {
        return new AmlBuffer(data.clone());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AmlBuffer b && Arrays.equals(b.data, data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }
}
