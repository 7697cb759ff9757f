package dev.vnvdimm.harness.targets.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vnvdimm.harness.targets.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A QEMU that ends before it answers QMP: a refused command line, or a destination that refused its stream. */
class QemuProcessStartTest {
    private static final LinuxGuestImage IMAGE = new LinuxGuestImage(Path.of("/images/vmlinux"),
            Path.of("/images/initramfs.cpio.gz"), "6.1.0-57-amd64", "76.1");
    private static final String LOAD_FAILED = """
            qemu-system-x86_64: Not a migration stream
            qemu-system-x86_64: load of migration failed: Invalid argument
            """;

    @TempDir
    Path dir;

    @Test
    void aDestinationThatRefusedItsStreamBeforeQmpAnsweredIsAnInstanceThatHasExited() {
        List<String> options = List.of("-machine", "pc", "-incoming", "exec:cat " + dir.resolve("saved.vmstate"));
        assertThatThrownBy(() -> QemuProcess.start(endedWith(1, LOAD_FAILED), IMAGE, "vm", options, dir))
                .isInstanceOfSatisfying(EndedQemuInstance.StreamRefused.class, e -> {
                    assertThat(e.instance.exitStatus()).contains(1);
                    assertThat(e.instance.errorOutput()).isEqualTo(LOAD_FAILED);
                    assertThat(e.instance.name()).isEqualTo("vm");
                    assertThatThrownBy(e.instance::qmp).hasMessageContaining("load of migration failed");
                });
    }

    @Test
    void anyOtherEarlyExitIsARefusedCommandLine() {
        String refused = "qemu-system-x86_64: -device nvdimm,id=nv1: 'memdev' property must be set\n";
        assertThatThrownBy(() -> QemuProcess.start(endedWith(1, refused), IMAGE, "vm",
                List.of("-machine", "pc", "-incoming", "exec:cat x"), dir))
                .isExactlyInstanceOf(Target.RefusedException.class)
                .hasMessage("-device nvdimm,id=nv1: 'memdev' property must be set");
        // -incoming defer loads nothing before QMP, so an early exit there is the command line's
        assertThatThrownBy(() -> QemuProcess.start(endedWith(1, LOAD_FAILED), IMAGE, "vm",
                List.of("-machine", "pc", "-incoming", "defer"), dir))
                .isExactlyInstanceOf(Target.RefusedException.class);
    }

    /** A launcher whose QEMU has already ended with {@code status}, having said {@code stderr}. */
    private static QemuLauncher endedWith(int status, String stderr) {
        return new QemuLauncher() {
            @Override
            public String version() {
                return "7.2.22";
            }

            @Override
            public String describe() {
                return "a QEMU that has ended";
            }

            @Override
            public String accelerator(LinuxGuestImage image) {
                return "tcg";
            }

            @Override
            public Running start(String name, List<String> options, Path dir) {
                return new Running() {
                    @Override
                    public List<String> command() {
                        return List.of("qemu-system-x86_64");
                    }

                    @Override
                    public Optional<Integer> exitStatus() {
                        return Optional.of(status);
                    }

                    @Override
                    public boolean waitFor(Duration patience) {
                        return true;
                    }

                    @Override
                    public String errorOutput() {
                        return stderr;
                    }

                    @Override
                    public void kill() {
                    }
                };
            }
        };
    }
}
