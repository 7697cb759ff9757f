package dev.vnvdimm.harness.targets.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which of QEMU's standard-error lines are warnings, in the words QEMU 5.2 to 11.1 print them. */
class QemuProcessWarningsTest {
    @Test
    void aWarningWithoutAnOptionIsKeptWithoutTheProgramName() {
        assertThat(QemuProcess.warningsIn("qemu-system-x86_64: warning: Using non DAX backing file with 'pmem=on'"
                + " option is deprecated\n")).containsExactly("Using non DAX backing file with 'pmem=on' option is"
                + " deprecated");
    }

    @Test
    void aWarningThatNamesItsOptionIsKeptWithoutTheOption() {
        String stderr = "qemu-system-x86_64: -device nvdimm,id=nv1,memdev=mem1: warning: the alignment (0x80000000)"
                + " exceeds the expected maximum alignment\nqemu-system-x86_64: terminating on signal 15\n";
        assertThat(QemuProcess.warningsIn(stderr)).containsExactly("the alignment (0x80000000) exceeds the expected"
                + " maximum alignment");
    }

    @Test
    void qemusOwnWarningLinesCountAndErrorsDoNot() {
        String stderr = "Warning: requesting persistence across crashes failed\n"
                + "qemu-system-x86_64: -device nvdimm,id=nv1: 'memdev' property must be set\n";
        assertThat(QemuProcess.warningsIn(stderr)).containsExactly("requesting persistence across crashes failed");
    }
}
