package dev.vnvdimm.harness.target;

/** Chooses the target a run uses: system property {@code vnvdimm.target}, the reference by default. */
public final class Targets {
    public static final String PROPERTY = "vnvdimm.target";

    private Targets() {
    }

    public static Target selected() {
        String name = System.getProperty(PROPERTY, ReferenceTarget.NAME);
        if (ReferenceTarget.NAME.equals(name)) {
            return new ReferenceTarget();
        }
        throw new IllegalArgumentException("unknown target '" + name + "'; available: " + ReferenceTarget.NAME);
    }
}
