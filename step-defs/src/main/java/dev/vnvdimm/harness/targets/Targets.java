package dev.vnvdimm.harness.targets;

/** Chooses the target a run uses: system property {@code vnvdimm.target}, the reference by default. */
public final class Targets {
    public static final String PROPERTY = "vnvdimm.target";

    private Targets() {
    }

    /** The name of the selected target. */
    public static String selectedName() {
        return System.getProperty(PROPERTY, ReferenceTarget.NAME);
    }

    public static Target selected() {
        String name = selectedName();
        if (ReferenceTarget.NAME.equals(name)) {
            return new ReferenceTarget();
        }
        throw new IllegalArgumentException("unknown target '" + name + "'; available: " + ReferenceTarget.NAME);
    }
}
