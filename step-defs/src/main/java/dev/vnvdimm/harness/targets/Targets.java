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

    private static Target make(String name) {
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
