package dev.vnvdimm.harness.targets.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image folder says which kernel and which ndctl it carries, and one that does not name its ndctl is refused;
 * a machine boots the PVH ELF when the image has one, unless it has too many memory slots for it.
 */
class LinuxGuestImageTest {
    @TempDir
    Path build;

    private Path folder(String name, boolean withNdctl, boolean withPvhElf) throws IOException {
        Path f = Files.createDirectories(build.resolve(name));
        Files.write(f.resolve("vmlinuz"), new byte[] {1});
        if (withPvhElf) {
            Files.write(f.resolve("vmlinux"), new byte[] {0x7f, 'E', 'L', 'F'});
        }
        Files.write(f.resolve("initramfs.cpio.gz"), new byte[] {1});
        Files.writeString(f.resolve("kernel-version"), "5.10.0-32-amd64\n");
        if (withNdctl) {
            Files.writeString(f.resolve("ndctl-version"), "71.1\n");
        }
        return f;
    }

    @Test
    void readsTheKernelAndTheNdctlOfItsRelease() throws IOException {
        Path real = folder("linux-image-5.10.0-32-amd64-0123456789abcdef", true, false);
        Path link = Files.createSymbolicLink(build.resolve("bullseye"), real.getFileName());
        LinuxGuestImage image = LinuxGuestImage.read(link);
        assertThat(image.kernelVersion()).isEqualTo("5.10.0-32-amd64");
        assertThat(image.series()).isEqualTo("5.10");
        assertThat(image.ndctlVersion()).isEqualTo("71.1");
        assertThat(image.initrd()).isEqualTo(real.toRealPath().resolve("initramfs.cpio.gz"));
        assertThat(image.kernel()).isEqualTo(real.toRealPath().resolve("vmlinuz"));
    }

    @Test
    void anImageThatDoesNotNameItsNdctlIsRefused() throws IOException {
        Path old = folder("linux-image-5.10.0-32-amd64-fedcba9876543210", false, false);
        assertThatThrownBy(() -> LinuxGuestImage.read(old)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ndctl-version").hasMessageContaining("build-image.sh");
    }

    @Test
    void aMachineWithFewSlotsBootsThePvhElf() throws IOException {
        Path real = folder("linux-image-6.1.0-57-amd64-0123456789abcdef", true, true).toRealPath();
        LinuxGuestImage image = LinuxGuestImage.read(real);
        assertThat(image.kernel()).isEqualTo(real.resolve("vmlinux"));
        assertThat(image.kernelFor(List.of("-machine", "pc,nvdimm=on", "-m", "512M,slots=4,maxmem=4G")))
                .isEqualTo(real.resolve("vmlinux"));
        assertThat(image.kernelFor(List.of("-m", "512M,slots=128,maxmem=4G"))).isEqualTo(real.resolve("vmlinux"));
        assertThat(image.kernelFor(List.of("-machine", "pc"))).isEqualTo(real.resolve("vmlinux"));
    }

    @Test
    void aMachineWithMoreThan128SlotsBootsTheBzImage() throws IOException {
        Path real = folder("linux-image-6.1.0-57-amd64-0123456789abcdef", true, true).toRealPath();
        LinuxGuestImage image = LinuxGuestImage.read(real);
        assertThat(image.kernelFor(List.of("-machine", "q35,nvdimm=on", "-m", "512M,slots=256,maxmem=4G")))
                .isEqualTo(real.resolve("vmlinuz"));
        assertThat(image.kernelFor(List.of("-m", "slots=129,512M"))).isEqualTo(real.resolve("vmlinuz"));
    }

    @Test
    void anImageWithoutAPvhElfAlwaysBootsItsBzImage() throws IOException {
        Path real = folder("linux-image-5.10.0-32-amd64-0123456789abcdef", true, false).toRealPath();
        LinuxGuestImage image = LinuxGuestImage.read(real);
        assertThat(image.kernelFor(List.of("-m", "512M,slots=256,maxmem=4G"))).isEqualTo(real.resolve("vmlinuz"));
        assertThat(image.kernelFor(List.of("-m", "512M,slots=4,maxmem=4G"))).isEqualTo(real.resolve("vmlinuz"));
    }
}
