package dev.vnvdimm.harness.targets.qemu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The kit's Linux guest image (kernel and initramfs), built by {@code guest-images/linux/build-image.sh} into
 * its ignored {@code build/} folder. Built on first use when missing; the recipe caches by content.
 */
public record LinuxGuestImage(Path kernel, Path initrd, String kernelVersion) {

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
    public static java.util.Optional<String> missingTool() {
        Path current = kitRoot().resolve("guest-images/linux/build/current/initramfs.cpio.gz");
        if (Files.isRegularFile(current)) {
            return java.util.Optional.empty();
        }
        for (String[] need : new String[][] {{"/bin/busybox", "busybox-static"}, {"/usr/bin/ndctl", "ndctl"},
                {"/usr/include/linux/ndctl.h", "linux-libc-dev"}}) {
            if (!Files.exists(Path.of(need[0]))) {
                return java.util.Optional.of(need[0] + " (Debian package " + need[1] + ")");
            }
        }
        for (String[] need : new String[][] {{"cpio", "cpio"}, {"depmod", "kmod"}, {"gcc", "gcc"},
                {"dpkg-deb", "dpkg"}, {"apt-get", "apt"}}) {
            if (QemuBinary.onPath(need[0]).isEmpty() && !Files.exists(Path.of("/sbin", need[0]))) {
                return java.util.Optional.of(need[0] + " (Debian package " + need[1] + ")");
            }
        }
        return java.util.Optional.empty();
    }

    /** The current image, building it first when there is none (about 6 s; needs the Debian packages). */
    public static LinuxGuestImage current() {
        Path recipe = kitRoot().resolve("guest-images/linux");
        Path current = recipe.resolve("build/current");
        if (!Files.isRegularFile(current.resolve("initramfs.cpio.gz"))) {
            build(recipe);
        }
        try {
            return new LinuxGuestImage(current.resolve("vmlinuz"), current.resolve("initramfs.cpio.gz"),
                    Files.readString(current.resolve("kernel-version"), StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void build(Path recipe) {
        System.err.println("vnvdimm: building the Linux guest image (guest-images/linux/build-image.sh)...");
        try {
            Process p = new ProcessBuilder("bash", recipe.resolve("build-image.sh").toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
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
