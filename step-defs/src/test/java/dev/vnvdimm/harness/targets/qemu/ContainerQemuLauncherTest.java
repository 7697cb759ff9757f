package dev.vnvdimm.harness.targets.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnvdimm.abi.qemu.CommandLineTokenizer;
import dev.vnvdimm.harness.targets.BootOutcome;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;

/**
 * QEMU 7.2 in its container answers as the local QEMU does: a refused command line comes back as QEMU's error
 * line, and no QEMU the launcher started is left running afterwards.
 */
class ContainerQemuLauncherTest {
    @TempDir
    Path dir;

    @BeforeEach
    void needsTheImage() {
        Optional<String> why = ContainerQemuLauncher.unavailable("7.2");
        Assumptions.assumeTrue(why.isEmpty(), () -> "qemu-container:7.2 is not checked: " + why.orElse(""));
    }

    /** The QEMU processes in the kit's 7.2 containers whose command line names this test's folder. */
    private long qemusOfThisTest() {
        var docker = DockerClientFactory.lazyClient();
        return docker.listContainersCmd().exec().stream()
                .filter(c -> List.of(c.getNames()).stream().anyMatch(n -> n.startsWith("/vnvdimm-")))
                .filter(c -> c.getImage().endsWith("vnvdimm-qemu:7.2"))
                .mapToLong(c -> {
                    var top = docker.topContainerCmd(c.getId()).exec();
                    int cmd = List.of(top.getTitles()).indexOf("CMD");
                    return top.getProcesses() == null ? 0 : Stream.of(top.getProcesses())
                            .filter(row -> row[cmd].contains("qemu-system") && row[cmd].contains(dir.toString()))
                            .count();
                }).sum();
    }

    @Test
    void aRefusedCommandLineIsQemusErrorLineAndLeavesNoQemu() {
        QemuTarget target = QemuTarget.container("7.2");
        assertThat(target.qemu().version()).startsWith("7.2.");
        BootOutcome o = target.start(CommandLineTokenizer.split("-machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G "
                + "-object memory-backend-file,id=mem1,share=on,mem-path=" + dir.resolve("nv.img") + ",size=256M "
                + "-device nvdimm,id=nv1,memdev=mem1,label-size=64K"));
        assertThat(o).isInstanceOf(BootOutcome.Refused.class);
        assertThat(((BootOutcome.Refused) o).message())
                .isEqualTo("Property 'nvdimm.label-size' (0x10000) is required at least 0x20000");
        assertThat(qemusOfThisTest()).isZero();
    }

    @Test
    void aStartedMachineAnswersQmpAndItsQemuEndsWithIt() {
        QemuTarget target = QemuTarget.container("7.2");
        BootOutcome o = target.start(CommandLineTokenizer.split("-machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G "
                + "-object memory-backend-file,id=mem1,share=on,mem-path=" + dir.resolve("nv.img") + ",size=256M "
                + "-device nvdimm,id=nv1,memdev=mem1,label-size=128K"));
        assertThat(o).isInstanceOf(BootOutcome.Started.class);
        try (var machine = ((BootOutcome.Started) o).machine()) {
            assertThat(machine.labelAreaSize("nv1")).isEqualTo(128 * 1024);
            // QEMU reports an NVDIMM's size without its label area
            assertThat(machine.memoryDevices()).singleElement()
                    .satisfies(d -> assertThat(d.size()).isEqualTo((256L << 20) - (128 << 10)));
            assertThat(qemusOfThisTest()).isEqualTo(1);
        }
        assertThat(qemusOfThisTest()).isZero();
        // QEMU in the container created the backing file through the bind mount, at its host path
        assertThat(dir.resolve("nv.img")).exists().hasSize(256L << 20);
    }
}
