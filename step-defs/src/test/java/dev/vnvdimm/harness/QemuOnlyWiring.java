package dev.vnvdimm.harness;

import dev.vnvdimm.harness.targets.Target;
import dev.vnvdimm.harness.targets.qemu.LinuxGuestImage;
import dev.vnvdimm.harness.targets.qemu.LocalQemuLauncher;
import dev.vnvdimm.harness.targets.qemu.QemuBinary;
import dev.vnvdimm.harness.targets.qemu.QemuTarget;
import java.nio.file.Path;

/**
 * What a run on QEMU does before its first machine, short of finding a real QEMU and guest image: the QEMU target
 * made from its parts, asked what a run asks of it up front. {@link QemuOnlyLoadingTest} runs this in a class
 * loader of its own and lists what it loaded.
 */
public final class QemuOnlyWiring implements Runnable {
    @Override
    public void run() {
        Path nowhere = Path.of("/nonexistent/vnvdimm");
        Target target = new QemuTarget(QemuTarget.NAME,
                new LocalQemuLauncher(new QemuBinary(nowhere.resolve("qemu-system-x86_64"), "7.2.0")),
                new LinuxGuestImage(nowhere.resolve("vmlinux"), nowhere.resolve("initramfs.cpio.gz"),
                        "6.1.0-41-amd64", "76.1"));
        if (target.name().isEmpty() || target.capabilities().isEmpty() || target.knownDefects() == null
                || target.reportedVersions() == null) {
            throw new AssertionError("the QEMU target answered nothing");
        }
    }
}
