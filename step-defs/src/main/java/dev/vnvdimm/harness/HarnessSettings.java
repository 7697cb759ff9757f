package dev.vnvdimm.harness;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a run of the scenarios was asked to do, as one typed object: which target, which QEMU and guest kernel for
 * the QEMU targets, whether they may restore saved booted machines, whether "not run" fails the run, and where the
 * features are. {@code vnvdimm check} builds it from its options; a Maven-driven run (the JUnit suite, the matrix
 * tests) builds it from {@code -Dvnvdimm.*} system properties in {@link #fromSystemProperties}, the one place that
 * reads them.
 * <p>
 * Cucumber makes the glue classes itself, so there is no way to hand them this object: {@link ScenarioRunner} installs
 * it for its run ({@link #current}), and the glue reads it from there.
 *
 * @param target               the target's name ({@code reference}, {@code qemu}, {@code qemu-container:7.2}, or
 *                             {@code class:NAME} for a made-up one in tests)
 * @param qemu                 the {@code qemu-system-x86_64} for the {@code qemu} target, else the one on PATH
 * @param guestKernel          the Linux guest's kernel series for the QEMU targets (5.10, 6.1, 6.12, 7.2), else the
 *                             default image
 * @param restoreSavedMachines whether QEMU targets may bring machines up from a state saved after one boot
 * @param strict               whether anything not run fails the run (CI=true makes every run strict besides)
 * @param features             the feature folder, where scenarios find their golden files
 * @param powerLossKills       how many times each power-loss loop ({@code label-crash-safety.feature}) kills its
 *                             machine, instead of the number its scenario names: a long run
 */
public record HarnessSettings(String target, Optional<Path> qemu, Optional<String> guestKernel,
                              boolean restoreSavedMachines, boolean strict, Path features,
                              OptionalInt powerLossKills) {
    public static final String TARGET_PROPERTY = "vnvdimm.target";
    public static final String QEMU_PROPERTY = "vnvdimm.qemu";
    public static final String GUEST_KERNEL_PROPERTY = "vnvdimm.guest-kernel";
    /** {@code off} boots every machine for real. */
    public static final String RESTORE_PROPERTY = "vnvdimm.qemu.restore";
    public static final String STRICT_PROPERTY = "vnvdimm.strict";
    public static final String FEATURES_PROPERTY = "vnvdimm.features";
    public static final String POWER_LOSS_KILLS_PROPERTY = "vnvdimm.power-loss.kills";

    private static volatile HarnessSettings installed;

    /** The settings of a Maven-driven run: {@code -Dvnvdimm.*} properties, each with its default. */
    public static HarnessSettings fromSystemProperties() {
        return new HarnessSettings(System.getProperty(TARGET_PROPERTY, Targets.REFERENCE),
                Optional.ofNullable(System.getProperty(QEMU_PROPERTY)).map(Path::of),
                Optional.ofNullable(System.getProperty(GUEST_KERNEL_PROPERTY)),
                !"off".equals(System.getProperty(RESTORE_PROPERTY)), Boolean.getBoolean(STRICT_PROPERTY),
                Path.of(System.getProperty(FEATURES_PROPERTY, "../features")).toAbsolutePath().normalize(),
                Optional.ofNullable(System.getProperty(POWER_LOSS_KILLS_PROPERTY)).map(Integer::parseInt)
                        .map(OptionalInt::of).orElse(OptionalInt.empty()));
    }

    /** The settings of the run under way: those {@link ScenarioRunner} installed, else the system properties'. */
    public static HarnessSettings current() {
        HarnessSettings s = installed;
        return s != null ? s : fromSystemProperties();
    }

    /** Installs the settings for a run; {@code null} returns to the system properties'. */
    static void install(HarnessSettings settings) {
        installed = settings;
    }

    public HarnessSettings withTarget(String name) {
        return new HarnessSettings(name, qemu, guestKernel, restoreSavedMachines, strict, features, powerLossKills);
    }

    public HarnessSettings withGuestKernel(Optional<String> series) {
        return new HarnessSettings(target, qemu, series, restoreSavedMachines, strict, features, powerLossKills);
    }

    public HarnessSettings withRestoreSavedMachines(boolean restore) {
        return new HarnessSettings(target, qemu, guestKernel, restore, strict, features, powerLossKills);
    }
}
