package dev.vnvdimm.guest.aml.runtime;

/** An AML String: ASCII characters without the terminating NUL. Mutable only through an Index reference. */
public final class AmlString extends AmlObject {
    public String value;

    public AmlString(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    @Override
    public ObjectType type() {
        return ObjectType.STRING;
    }

    @Override
    AmlObject copy() {
        return new AmlString(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AmlString s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
