package dev.vnvdimm.harness.targets.qemu;

import dev.vnvdimm.acpica.ExternalTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@code qemu-system-x86_64} to run: {@code -Dvnvdimm.qemu=PATH} (the CLI's {@code --qemu}) or the first on
 * {@code PATH}; its version; and the accelerator it gets. KVM only when {@code /dev/kvm} exists and a guest
 * kernel actually runs under it — on nested hosts KVM can open and then run nothing.
 */
public record QemuBinary(Path path, String version) {
    private static volatile String accelerator;

    /** The QEMU to use: {@code configured} (the CLI's {@code --qemu}), else the one on PATH; empty when there is none. */
    public static Optional<QemuBinary> find(Optional<Path> configured) {
        Optional<Path> path = configured.isPresent() ? configured : onPath("qemu-system-x86_64");
        if (path.isEmpty() || !Files.isExecutable(path.get())) {
            return Optional.empty();
        }
        try {
            Process p = new ProcessBuilder(path.get().toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            String first = out.lines().findFirst().orElse("");
            return Optional.of(new QemuBinary(path.get(), first.replaceFirst("^QEMU emulator version ", "")
                    .replaceFirst(" .*", "")));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    static Optional<Path> onPath(String program) {
        return new ExternalTool(program, "").location();
    }

    /** "kvm" when a kernel prints on the serial line under KVM within five seconds, else "tcg"; probed once. */
    public String accelerator(LinuxGuestImage image) {
        if (accelerator == null) {
            accelerator = probeKvm(image) ? "kvm" : "tcg";
        }
        return accelerator;
    }

    private boolean probeKvm(LinuxGuestImage image) {
        if (!Files.exists(Path.of("/dev/kvm"))) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(List.of(path.toString(), "-accel", "kvm", "-machine", "pc", "-m", "128M",
                    "-nodefaults", "-display", "none", "-no-reboot", "-kernel", image.kernel().toString(), "-append",
                    "console=ttyS0", "-serial", "stdio")).redirectErrorStream(true).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                StringBuilder seen = new StringBuilder();
                while (System.nanoTime() < deadline) {
                    int n = p.getInputStream().available();
                    if (n > 0) {
                        seen.append(new String(p.getInputStream().readNBytes(n), StandardCharsets.ISO_8859_1));
                        if (seen.indexOf("Linux version") >= 0) {
                            return true;
                        }
                    }
                    if (!p.isAlive()) {
                        return false;
                    }
                    Thread.sleep(100);
                }
                return false;
            } finally {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
