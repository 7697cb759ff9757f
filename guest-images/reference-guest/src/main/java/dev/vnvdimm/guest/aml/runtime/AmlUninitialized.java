package dev.vnvdimm.guest.aml.runtime;

/** No value: an unset Local/Arg or package element, or the result of a method that returns nothing. */
public final class AmlUninitialized extends AmlObject {
    public static final AmlUninitialized INSTANCE = new AmlUninitialized();

    private AmlUninitialized() {
    }

    @Override
    public ObjectType type() {
        return ObjectType.UNINITIALIZED;
    }
}
