package dev.vnvdimm.harness.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnvdimm.abi.dsm.IntelDsm;
import dev.vnvdimm.harness.targets.KnownDefect;
import dev.vnvdimm.harness.targets.qemu.QemuTarget;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A declared defect is recognized only for its requests, only when declared, and only when it ended as recorded. */
class DsmKnownDefectsTest {
    private static final String ASSERTION = "QEMU ended during the DSM probe: ../hw/mem/nvdimm.c:107: "
            + "nvdimm_validate_rw_label_data: Assertion `(nvdimm->label_size >= size + offset) && (offset + size > "
            + "offset)' failed.";
    private static final DsmRequest ZERO_LENGTH_READ = DsmRequest.of(2, 1, IntelDsm.GET_LABEL_DATA, 0, 0);
    private static final Map<String, KnownDefect> EVERY_VERSION = QemuTarget.everyVersion();

    @Test
    void everyRuleNamesADefectSomeQemuDeclares() {
        assertThat(QemuTarget.declarableDefects().keySet()).containsAll(DsmKnownDefects.ids());
    }

    @Test
    void aZeroLengthReadThatEndedQemuOnItsAssertionIsTheKnownDefect() {
        assertThat(DsmKnownDefects.recognize(FuzzMachine.LABELLED, ZERO_LENGTH_READ,
                new DsmObservation.Ended(ASSERTION), EVERY_VERSION)).map(KnownDefect::id)
                .contains("qemu-zero-length-label-dsm-aborts");
    }

    @Test
    void notWhenTheTargetDoesNotDeclareIt() {
        assertThat(DsmKnownDefects.recognize(FuzzMachine.LABELLED, ZERO_LENGTH_READ,
                new DsmObservation.Ended(ASSERTION), Map.of())).isEmpty();
    }

    @Test
    void notWhenItEndedWithOtherWords() {
        assertThat(DsmKnownDefects.recognize(FuzzMachine.LABELLED, ZERO_LENGTH_READ,
                new DsmObservation.Ended("QEMU ended during the DSM probe: QEMU exited with status 139"),
                EVERY_VERSION)).isEmpty();
    }

    @Test
    void notForAnotherRequestThatEndedIt() {
        DsmRequest oneByte = DsmRequest.of(2, 1, IntelDsm.GET_LABEL_DATA, 0, 1);
        DsmRequest zeroToAnEmptySlot = DsmRequest.of(1, 1, IntelDsm.GET_LABEL_DATA, 0, 0);
        for (DsmRequest r : new DsmRequest[] {oneByte, zeroToAnEmptySlot}) {
            assertThat(DsmKnownDefects.recognize(FuzzMachine.LABELLED, r, new DsmObservation.Ended(ASSERTION),
                    EVERY_VERSION)).as("%s", r).isEmpty();
        }
    }

    @Test
    void aReadOnlyWriteThatKilledQemuIsItsOwnDefectWhereDeclared() {
        DsmRequest write = DsmRequest.of(1, 1, IntelDsm.SET_LABEL_DATA, 0, 4, 0x5a5a5a5a);
        DsmObservation segfault = new DsmObservation.Ended("QEMU ended during the DSM probe: QEMU exited with "
                + "status 139");
        assertThat(DsmKnownDefects.recognize(FuzzMachine.READ_ONLY, write, segfault,
                QemuTarget.declarableDefects())).map(KnownDefect::id).contains("qemu-read-only-label-write-crashes");
        assertThat(DsmKnownDefects.recognize(FuzzMachine.READ_ONLY, write, segfault, EVERY_VERSION))
                .as("on QEMU 8 and later, which answer status 1").isEmpty();
        assertThat(DsmKnownDefects.recognize(FuzzMachine.TWO_LABELLED, write, segfault,
                QemuTarget.declarableDefects())).as("to a writable NVDIMM").isEmpty();
    }
}
