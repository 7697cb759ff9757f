package dev.vnvdimm.harness.targets.reference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnvdimm.harness.model.CommandResult;
import dev.vnvdimm.harness.targets.HypervisorInstance;
import dev.vnvdimm.harness.targets.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference system a scenario kills runs in a JVM of its own: SIGKILL ends the emulator and its guest at once
 * (exit status 137, what a killed QEMU gives), what the guest wrote stays in the share=on file, and a command line it
 * refuses is refused in the same words as in the harness's own process.
 */
class ReferenceProcessTest {
    private static final Duration COMMAND = Duration.ofSeconds(30);

    private static List<String> machine(Path dir, String labelSize) {
        return List.of("-machine", "pc,nvdimm=on", "-m", "256M,slots=4,maxmem=4G", "-object",
                "memory-backend-file,id=mem1,share=on,mem-path=" + dir.resolve("nv1.img") + ",size=256M",
                "-device", "nvdimm,id=nv1,memdev=mem1,label-size=" + labelSize);
    }

    @Test
    void aKillIsSigkillToAProcessOfItsOwnAndTheLabelsItsGuestWroteStay(@TempDir Path dir) throws Exception {
        HypervisorInstance first = new ReferenceTarget().launchInOwnProcess("vm", machine(dir, "128K"), dir, false,
                false);
        try {
            assertThat(first).isInstanceOf(ReferenceProcess.class);
            for (String c : List.of("ndctl disable-region region0", "ndctl init-labels nmem0",
                    "ndctl enable-region region0")) {
                assertThat(first.console().run(c, COMMAND).exitCode()).as(c).isZero();
            }
            first.kill();
            assertThat(first.exitStatus()).as("exit status after SIGKILL").contains(137);
        } finally {
            first.close();
        }
        assertThat(Files.size(dir.resolve("nv1.img"))).isEqualTo(256L << 20);
        HypervisorInstance again = new ReferenceTarget().launchInOwnProcess("vm-1", machine(dir, "128K"), dir, false,
                false);
        try {
            CommandResult check = again.console().run("ndctl check-labels nmem0", COMMAND);
            assertThat(check.exitCode()).as("check-labels after the kill: %s", check.combined()).isZero();
            assertThat(again.exitStatus()).isEmpty();
        } finally {
            again.close();
        }
        assertThat(again.exitStatus()).as("exit status after QMP quit").contains(0);
    }

    @Test
    void aRefusalHasTheWordsOfTheReferenceInTheHarnessProcess(@TempDir Path dir) {
        String inProcess = catchRefusal(() -> new ReferenceTarget().launch("vm", machine(dir, "64K"), dir));
        String ownProcess = catchRefusal(() -> new ReferenceTarget().launchInOwnProcess("vm2", machine(dir, "64K"),
                dir, false, false));
        assertThat(ownProcess).isEqualTo(inProcess)
                .contains("Property 'nvdimm.label-size' (0x10000) is required at least 0x20000");
    }

    private static String catchRefusal(Runnable launch) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(launch::run);
        assertThat(t).isExactlyInstanceOf(Target.RefusedException.class);
        return t.getMessage();
    }

    @Test
    void aRefusalWithoutTheProgramsPrefixNamesTheExitStatus() {
        assertThat(ReferenceProcess.errorLine("Error: could not find or load main class X\n", 1))
                .isEqualTo("the reference system exited with status 1: Error: could not find or load main class X");
        assertThat(ReferenceProcess.errorLine("vnvdimm: warning\nvnvdimm: -m 1G: the refusal\n", 1))
                .isEqualTo("-m 1G: the refusal");
    }
}
