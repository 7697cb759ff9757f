package dev.vnvdimm.harness.targets.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxGuestImageTest {
    @TempDir
    Path images;

    private LinuxGuestImage pvhImage() throws IOException {
        Files.writeString(images.resolve("vmlinux"), "ELF");
        Files.writeString(images.resolve("vmlinuz"), "bzImage");
        return new LinuxGuestImage(images.resolve("vmlinux"), images.resolve("initramfs.cpio.gz"), "6.1.0-57-amd64");
    }

    @Test
    void aMachineWithFewSlotsBootsThePvhElf() throws IOException {
        LinuxGuestImage image = pvhImage();
        assertThat(image.kernelFor(List.of("-machine", "pc,nvdimm=on", "-m", "512M,slots=4,maxmem=4G")))
                .isEqualTo(images.resolve("vmlinux"));
        assertThat(image.kernelFor(List.of("-m", "512M,slots=128,maxmem=4G"))).isEqualTo(images.resolve("vmlinux"));
        assertThat(image.kernelFor(List.of("-machine", "pc"))).isEqualTo(images.resolve("vmlinux"));
    }

    @Test
    void aMachineWithMoreThan128SlotsBootsTheBzImage() throws IOException {
        LinuxGuestImage image = pvhImage();
        assertThat(image.kernelFor(List.of("-machine", "q35,nvdimm=on", "-m", "512M,slots=256,maxmem=4G")))
                .isEqualTo(images.resolve("vmlinuz"));
        assertThat(image.kernelFor(List.of("-m", "slots=129,512M"))).isEqualTo(images.resolve("vmlinuz"));
    }

    @Test
    void anImageWithoutAPvhElfAlwaysBootsItsBzImage() {
        LinuxGuestImage image = new LinuxGuestImage(images.resolve("vmlinuz"), images.resolve("initramfs.cpio.gz"),
                "5.10.0-32-amd64");
        assertThat(image.kernelFor(List.of("-m", "512M,slots=256,maxmem=4G"))).isEqualTo(images.resolve("vmlinuz"));
        assertThat(image.kernelFor(List.of("-m", "512M,slots=4,maxmem=4G"))).isEqualTo(images.resolve("vmlinuz"));
    }
}
