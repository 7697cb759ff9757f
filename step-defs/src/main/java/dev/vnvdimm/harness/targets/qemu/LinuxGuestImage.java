package dev.vnvdimm.harness.targets.qemu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kit's Linux guest image (kernel and initramfs), built by {@code guest-images/linux/build-image.sh} into
 * its ignored {@code build/} folder. Built on first use when missing; the recipe caches by content. Kernel and
 * ndctl come from the same Debian release: {@code ndctlVersion} is that release's ndctl (e.g. {@code 76.1}, {@code 85}).
 */
public record LinuxGuestImage(Path kernel, Path initrd, String kernelVersion, String ndctlVersion) {
    /** Which Debian release ships which kernel series. */
    private static final Map<String, String> SUITES = Map.of("5.10", "bullseye", "6.1", "bookworm",
            "6.12", "trixie", "7.2", "sid");

    /** Memory slots above which a machine boots the bzImage instead of the PVH ELF (see {@link #kernelFor}). */
    static final int MAX_SLOTS_FOR_PVH = 128;

    /**
     * The kernel file a machine with these QEMU options boots: the PVH ELF, or the bzImage beside it when the
     * machine has more than {@value #MAX_SLOTS_FOR_PVH} memory slots. QEMU's PVH loader puts the initrd right
     * below the 160 KiB it keeps for ACPI data under the top of low RAM; every slot adds a memory device to the
     * DSDT and an NVDIMM device to the SSDT, and with 256 slots (QEMU 7.2, 143 KB of tables) the firmware's
     * tables and the initrd overlap: a corrupt table and a boot that hangs. 200 slots still boot; the
     * bzImage's loader leaves room at any count.
     */
    public Path kernelFor(List<String> options) {
        if (!kernel.getFileName().toString().equals("vmlinux")) {
            return kernel;
        }
        int m = options.indexOf("-m");
        Matcher slots = Pattern.compile("(?:^|,)slots=(\\d+)")
                .matcher(m >= 0 && m + 1 < options.size() ? options.get(m + 1) : "");
        boolean many = slots.find() && Long.parseLong(slots.group(1)) > MAX_SLOTS_FOR_PVH;
        Path bzImage = kernel.resolveSibling("vmlinuz");
        return many && Files.isRegularFile(bzImage) ? bzImage : kernel;
    }

    /** The kernel series, e.g. {@code 6.1} for {@code 6.1.0-41-amd64}. */
    public String series() {
        Matcher m = Pattern.compile("^(\\d+\\.\\d+)").matcher(kernelVersion);
        return m.find() ? m.group(1) : kernelVersion;
    }

    /**
     * The image with the kernel series chosen (the CLI's {@code --guest-kernel}: 5.10, 6.1, 6.12 or 7.2), else the
     * default one (the build host's release).
     */
    public static LinuxGuestImage selected(Optional<String> series) {
        return series.isPresent() ? ofSeries(series.get()) : current();
    }

    /** The image with the given kernel series, from its Debian release's kernel package (rebuilt when the recipe changed). */
    public static LinuxGuestImage ofSeries(String series) {
        String suite = SUITES.get(series);
        if (suite == null) {
            throw new IllegalArgumentException("no guest kernel " + series + "; available: "
                    + new TreeSet<>(SUITES.keySet()) + " (Debian " + SUITES + ")");
        }
        Path recipe = kitRoot().resolve("guest-images/linux");
        Path folder = recipe.resolve("build/" + suite);
        upToDate(recipe, folder, "--suite", suite);
        return read(folder);
    }

    /** The kit's root folder: {@code -Dvnvdimm.root} (the launcher sets it), else found above the working directory. */
    static Path kitRoot() {
        String root = System.getProperty("vnvdimm.root");
        if (root != null) {
            return Path.of(root);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("guest-images/linux/build-image.sh"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the kit's guest-images/linux/ above " + Path.of("").toAbsolutePath());
    }

    /** What building the image needs and this machine lacks, if anything (the image may already be built). */
    public static Optional<String> missingTool() {
        Path current = kitRoot().resolve("guest-images/linux/build/current/initramfs.cpio.gz");
        return Files.isRegularFile(current) ? Optional.empty() : missingBuildTool();
    }

    private static Optional<String> missingBuildTool() {
        for (String[] need : new String[][] {{"/bin/busybox", "busybox-static"},
                {"/usr/include/linux/ndctl.h", "linux-libc-dev"}}) {
            if (!Files.exists(Path.of(need[0]))) {
                return Optional.of(need[0] + " is missing, to build the Linux guest image (install it: apt-get install " + need[1] + ")");
            }
        }
        for (String[] need : new String[][] {{"cpio", "cpio"}, {"depmod", "kmod"}, {"gcc", "gcc"},
                {"dpkg-deb", "dpkg"}, {"apt-get", "apt"},
                {"readelf", "binutils"}}) {
            if (QemuBinary.onPath(need[0]).isEmpty() && !Files.exists(Path.of("/sbin", need[0]))) {
                return Optional.of(need[0] + " is missing, to build the Linux guest image (install it: apt-get install " + need[1] + ")");
            }
        }
        return Optional.empty();
    }

    /** The default image (this machine's release's kernel), built first when missing or out of date. */
    public static LinuxGuestImage current() {
        Path recipe = kitRoot().resolve("guest-images/linux");
        Path current = recipe.resolve("build/current");
        upToDate(recipe, current);
        return read(current);
    }

    private static final Set<String> CHECKED = ConcurrentHashMap.newKeySet();

    /**
     * Runs the recipe once per run: it is cached by content, so this costs a hash when nothing changed and
     * rebuilds (about 6 s) when the recipe, /init or a package did. Without the build tools an existing image is used.
     */
    private static void upToDate(Path recipe, Path folder, String... arguments) {
        if (!CHECKED.add(String.join(" ", arguments))) {
            return;
        }
        boolean present = Files.isRegularFile(folder.resolve("initramfs.cpio.gz"));
        Optional<String> missing = missingBuildTool();
        if (present && missing.isPresent()) {
            System.err.println("vnvdimm: using the Linux guest image as built (" + missing.get() + " is missing)");
            return;
        }
        build(recipe, arguments);
    }

    /** The image in {@code folder} (a build folder or a link to one), as its recipe recorded it. */
    static LinuxGuestImage read(Path folder) {
        try {
            // the real folder, so a rebuild that moves the symlink does not change a running target's files
            Path real = folder.toRealPath();
            Path ndctl = real.resolve("ndctl-version");
            if (!Files.isRegularFile(ndctl)) { // built by a recipe that put the build host's ndctl in every image
                throw new IllegalStateException("the Linux guest image " + real + " does not say which ndctl it "
                        + "carries (no ndctl-version): rebuild it with guest-images/linux/build-image.sh");
            }
            // the ELF kernel with a PVH entry boots without the bzImage's decompressor (about 3 s under TCG)
            Path kernel = Files.isRegularFile(real.resolve("vmlinux")) ? real.resolve("vmlinux") : real.resolve("vmlinuz");
            return new LinuxGuestImage(kernel, real.resolve("initramfs.cpio.gz"),
                    Files.readString(real.resolve("kernel-version"), StandardCharsets.UTF_8).strip(),
                    Files.readString(ndctl, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void build(Path recipe, String... arguments) {
        try {
            List<String> command = new ArrayList<>(List.of("bash", recipe.resolve("build-image.sh").toString()));
            command.addAll(List.of(arguments));
            Process p = new ProcessBuilder(command)
                    // its progress (stderr) only shows when it builds; stdout is just the folder's name
                    .redirectError(ProcessBuilder.Redirect.INHERIT).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("building the Linux guest image failed (exit " + p.exitValue() + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the guest image");
        }
    }
}
