package dev.vnvdimm.harness.targets.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which machines may start from a saved booted state: only those a boot would bring to the same state — fresh
 * files QEMU creates inside the scenario's folder, a plain boot — and the key that groups them.
 */
class SavedMachineStatesTest {
    @TempDir
    Path scenario;
    @TempDir
    Path other;

    private static final QemuLauncher NO_QEMU = new QemuLauncher() {
        @Override
        public String version() {
            return "7.2";
        }

        @Override
        public String describe() {
            return "qemu-system-x86_64 (made up)";
        }

        @Override
        public String accelerator(LinuxGuestImage image) {
            return "tcg";
        }

        @Override
        public Running start(String name, List<String> options, Path dir) throws IOException {
            throw new IOException("no QEMU in this test");
        }
    };

    private final SavedMachineStates states = new SavedMachineStates(NO_QEMU,
            new LinuxGuestImage(Path.of("/images/vmlinuz"), Path.of("/images/initramfs.cpio.gz"), "6.1.0-57-amd64", "76.1"), true);

    private List<String> machine(Path dir, String backendExtra) {
        return List.of("-machine", "pc,nvdimm=on", "-m", "512M,slots=4,maxmem=4G", "-object",
                "memory-backend-file,id=mem1,share=on,mem-path=" + dir.resolve("nv1.img") + ",size=256M" + backendExtra,
                "-device", "nvdimm,id=nv1,memdev=mem1,label-size=128K");
    }

    @Test
    void aMachineOnFilesQemuWillCreateIsACandidateWithItsFiles() {
        Optional<SavedMachineStates.Candidate> c = states.candidate(machine(scenario, ""), scenario, false);
        assertThat(c).isPresent();
        assertThat(c.get().files()).containsExactly(scenario.resolve("nv1.img"));
        assertThat(c.get().key().options()).anySatisfy(o -> assertThat(o).contains("mem-path={dir}/nv1.img"))
                .noneSatisfy(o -> assertThat(o).contains(scenario.toString()));
    }

    @Test
    void twoScenariosWithTheSameCommandLineShareAKey() {
        var a = states.candidate(machine(scenario, ""), scenario, false).orElseThrow();
        var b = states.candidate(machine(other, ""), other, false).orElseThrow();
        assertThat(a.key()).isEqualTo(b.key());
        var c = states.candidate(machine(other, ",prealloc=on"), other, false).orElseThrow();
        assertThat(c.key()).isNotEqualTo(a.key());
    }

    @Test
    void aFileThatExistsBeforeStartMeansARealBoot() throws IOException {
        Files.writeString(scenario.resolve("nv1.img"), "prepared by the scenario");
        assertThat(states.candidate(machine(scenario, ""), scenario, false)).isEmpty();
    }

    @Test
    void aFileOutsideTheScenarioFolderMeansARealBoot() {
        assertThat(states.candidate(machine(other, ""), scenario, false)).isEmpty();
    }

    @Test
    void aScenarioAboutBootingOrAMachineThatIsNotAPlainBootBootsForReal() {
        assertThat(states.candidate(machine(scenario, ""), scenario, true)).as("@real-boot").isEmpty();
        assertThat(states.candidate(machine(scenario, ",readonly=on"), scenario, false)).as("read-only").isEmpty();
        for (List<String> extra : List.of(List.of("-S"), List.of("-incoming", "defer"))) {
            List<String> options = new ArrayList<>(machine(scenario, ""));
            options.addAll(extra);
            assertThat(states.candidate(options, scenario, false)).as("%s", extra).isEmpty();
        }
    }

    @Test
    void restoringOffBootsEveryMachineForReal() {
        SavedMachineStates off = new SavedMachineStates(NO_QEMU, new LinuxGuestImage(Path.of("/images/vmlinuz"),
                Path.of("/images/initramfs.cpio.gz"), "6.1.0-57-amd64", "76.1"), false);
        assertThat(off.candidate(machine(scenario, ""), scenario, false)).isEmpty();
    }

    @Test
    void aKeyWhoseGuestWasNeverUsedIsNotSavedAndTheMachineBootsForReal() {
        var c = states.candidate(machine(scenario, ""), scenario, false).orElseThrow();
        assertThat(states.restore(c, "machine", machine(scenario, ""), scenario)).isEmpty();
        assertThat(scenario.resolve("nv1.img")).doesNotExist();
    }
}
