package dev.vnvdimm.harness;

import dev.vnvdimm.harness.targets.Target;
import dev.vnvdimm.harness.targets.UnavailableTarget;
import dev.vnvdimm.harness.targets.qemu.ContainerQemuLauncher;
import dev.vnvdimm.harness.targets.qemu.LinuxGuestImage;
import dev.vnvdimm.harness.targets.qemu.QemuBinary;
import dev.vnvdimm.harness.targets.qemu.QemuTarget;
import dev.vnvdimm.harness.targets.reference.ReferenceTarget;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Makes the target a run's {@link HarnessSettings} name, the reference by default; {@code class:NAME}
 * makes an instance of the {@link Target} class NAME (its no-argument constructor), for tests with a made-up target.
 * It names every kind of target, so it sits above them all, beside the runner, not in {@code targets}.
 */
public final class Targets {
    /** The reference target's name; a constant, so naming it loads none of the reference's classes. */
    public static final String REFERENCE = ReferenceTarget.NAME;

    private Targets() {
    }

    private static Target cached;
    private static String cachedName;

    /** The target of the run under way ({@link HarnessSettings#current}). */
    public static Target selected() {
        return selected(HarnessSettings.current());
    }

    /** The target the settings name, made once while they stay the same (finding QEMU and its guest image is not free). */
    public static synchronized Target selected(HarnessSettings settings) {
        String key = settings.target() + " " + settings.qemu().map(Path::toString).orElse("") + " "
                + settings.guestKernel().orElse("") + " " + settings.restoreSavedMachines();
        if (cached == null || !cachedName.equals(key)) {
            if (cached instanceof AutoCloseable previous) { // what it keeps on disk for its own machines
                try {
                    previous.close();
                } catch (Exception e) {
                    System.err.println("vnvdimm: cleaning up after target " + cachedName.strip() + ": " + e);
                }
            }
            cachedName = key;
            cached = create(settings);
        }
        return cached;
    }

    /** Why the target {@code name} cannot run on this machine, naming what to install, if it cannot. */
    public static Optional<String> unavailable(String name) {
        return unavailable(HarnessSettings.current().withTarget(name));
    }

    /** Why the target the settings name cannot run on this machine, naming what to install, if it cannot. */
    public static Optional<String> unavailable(HarnessSettings settings) {
        String name = settings.target();
        if (ReferenceTarget.NAME.equals(name)) {
            return Optional.empty();
        }
        Optional<String> hypervisor;
        if (QemuTarget.NAME.equals(name)) {
            hypervisor = QemuBinary.find(settings.qemu()).isPresent() ? Optional.empty()
                    : Optional.of("qemu-system-x86_64 is not installed (install it: apt-get install "
                            + "qemu-system-x86, or give --qemu PATH)");
        } else if (name.startsWith(QemuTarget.CONTAINER_PREFIX)) {
            hypervisor = ContainerQemuLauncher.unavailable(
                    name.substring(QemuTarget.CONTAINER_PREFIX.length()));
        } else {
            return Optional.empty(); // an unknown name is refused by create(), as an error
        }
        return hypervisor.or(LinuxGuestImage::missingTool);
    }

    /** The prefix of a target named by its class. */
    public static final String CLASS_PREFIX = "class:";

    /**
     * A new target of this name, on the run's other settings. Only the target named is made, so choosing QEMU loads
     * none of the reference emulator's or guest's classes.
     */
    public static Target create(String name) {
        return create(HarnessSettings.current().withTarget(name));
    }

    private static Target create(HarnessSettings settings) {
        String name = settings.target();
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
        Optional<String> missing = unavailable(settings);
        if (missing.isPresent()) {
            return new UnavailableTarget(name, "target " + name + " cannot run here: " + missing.get());
        }
        if (QemuTarget.NAME.equals(name)) {
            return QemuTarget.local(settings.qemu(), settings.guestKernel(), settings.restoreSavedMachines());
        }
        if (name.startsWith(QemuTarget.CONTAINER_PREFIX)) {
            return QemuTarget.container(name.substring(QemuTarget.CONTAINER_PREFIX.length()),
                    settings.guestKernel(), settings.restoreSavedMachines());
        }
        throw new IllegalArgumentException("unknown target '" + name + "'; available: " + ReferenceTarget.NAME + ", "
                + QemuTarget.NAME + ", "
                + QemuTarget.CONTAINER_PREFIX + "VERSION (5.2, 7.2, 10.0, 11.1)");
    }
}
