package dev.vnvdimm.guest.aml.runtime;

/** An AML Integer: 32 or 64 bits wide depending on the DSDT revision; stored here as the low bits of a long. */
public final class AmlInteger extends AmlObject {
    private static final AmlInteger[] SMALL = new AmlInteger[1024];

    static {
        for (int i = 0; i < SMALL.length; i++) {
            SMALL[i] = new AmlInteger(i);
        }
    }

    public static final AmlInteger ZERO = SMALL[0];
    public static final AmlInteger ONE = SMALL[1];
    /** All ones at 64 bits; a 32-bit interpreter uses {@code of(0xFFFFFFFFL)}. */
    public static final AmlInteger ONES64 = new AmlInteger(-1L);

    private final long value;

    private AmlInteger(long value) {
        this.value = value;
    }

    public static AmlInteger of(long value) {
        if (value >= 0 && value < SMALL.length) {
            return SMALL[(int) value];
        }
        return new AmlInteger(value);
    }

    public long value() {
        return value;
    }

    @Override
    public ObjectType type() {
        return ObjectType.INTEGER;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AmlInteger i && i.value == value;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value);
    }
}
