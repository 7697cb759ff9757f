package dev.vnvdimm.harness.targets.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An image folder says which kernel and which ndctl it carries; one that does not name its ndctl is refused. */
class LinuxGuestImageTest {
    @TempDir
    Path build;

    private Path folder(String name, boolean withNdctl) throws IOException {
        Path f = Files.createDirectories(build.resolve(name));
        Files.write(f.resolve("vmlinuz"), new byte[] {1});
        Files.write(f.resolve("initramfs.cpio.gz"), new byte[] {1});
        Files.writeString(f.resolve("kernel-version"), "5.10.0-32-amd64\n");
        if (withNdctl) {
            Files.writeString(f.resolve("ndctl-version"), "71.1\n");
        }
        return f;
    }

    @Test
    void readsTheKernelAndTheNdctlOfItsRelease() throws IOException {
        Path real = folder("linux-image-5.10.0-32-amd64-0123456789abcdef", true);
        Path link = Files.createSymbolicLink(build.resolve("bullseye"), real.getFileName());
        LinuxGuestImage image = LinuxGuestImage.read(link);
        assertThat(image.kernelVersion()).isEqualTo("5.10.0-32-amd64");
        assertThat(image.series()).isEqualTo("5.10");
        assertThat(image.ndctlVersion()).isEqualTo("71.1");
        assertThat(image.initrd()).isEqualTo(real.toRealPath().resolve("initramfs.cpio.gz"));
    }

    @Test
    void anImageThatDoesNotNameItsNdctlIsRefused() throws IOException {
        Path old = folder("linux-image-5.10.0-32-amd64-fedcba9876543210", false);
        assertThatThrownBy(() -> LinuxGuestImage.read(old)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ndctl-version").hasMessageContaining("build-image.sh");
    }
}
