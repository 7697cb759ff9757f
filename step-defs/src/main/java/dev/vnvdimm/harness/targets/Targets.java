package dev.vnvdimm.harness.targets;

/**
 * Chooses the target a run uses: system property {@code vnvdimm.target}, the reference by default; {@code class:NAME}
 * makes an instance of the {@link Target} class NAME (its no-argument constructor), for tests with a made-up target.
 */
public final class Targets {
    public static final String PROPERTY = "vnvdimm.target";

    private Targets() {
    }

    /** The name of the selected target. */
    public static String selectedName() {
        return System.getProperty(PROPERTY, ReferenceTarget.NAME);
    }

    private static Target cached;
    private static String cachedName;

    /** The selected target, made once per run (finding QEMU and its guest image is not free). */
    public static synchronized Target selected() {
        String key = selectedName() + " " + System.getProperty(dev.vnvdimm.harness.targets.qemu.LinuxGuestImage.PROPERTY, "");
        if (cached == null || !cachedName.equals(key)) {
            cachedName = key;
            cached = make(selectedName());
        }
        return cached;
    }

    /** The prefix of a target named by its class. */
    public static final String CLASS_PREFIX = "class:";

    private static Target make(String name) {
        if (name.startsWith(CLASS_PREFIX)) {
            try {
                return (Target) Class.forName(name.substring(CLASS_PREFIX.length())).getDeclaredConstructor()
                        .newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException("cannot make target '" + name + "': " + e, e);
            }
        }
        if (ReferenceTarget.NAME.equals(name)) {
            return new ReferenceTarget();
        }
        if (dev.vnvdimm.harness.targets.qemu.QemuTarget.NAME.equals(name)) {
            return dev.vnvdimm.harness.targets.qemu.QemuTarget.local();
        }
        if (name.startsWith(dev.vnvdimm.harness.targets.qemu.QemuTarget.CONTAINER_PREFIX)) {
            return dev.vnvdimm.harness.targets.qemu.QemuTarget.container(
                    name.substring(dev.vnvdimm.harness.targets.qemu.QemuTarget.CONTAINER_PREFIX.length()));
        }
        throw new IllegalArgumentException("unknown target '" + name + "'; available: " + ReferenceTarget.NAME + ", "
                + dev.vnvdimm.harness.targets.qemu.QemuTarget.NAME + ", "
                + dev.vnvdimm.harness.targets.qemu.QemuTarget.CONTAINER_PREFIX + "VERSION (7.2, 10.0)");
    }
}
