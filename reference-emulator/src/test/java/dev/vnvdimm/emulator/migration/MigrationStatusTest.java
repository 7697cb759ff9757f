package dev.vnvdimm.emulator.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The states query-migrate reports: QEMU's names (qapi/migration.json, MigrationStatus) and which are final. */
class MigrationStatusTest {

    @Test
    void everyStateHasQemusName() {
        assertThat(Arrays.stream(MigrationStatus.values()).map(MigrationStatus::qmpName)).containsExactly(
                "none", "setup", "active", "device", "completed", "failed", "cancelling", "cancelled");
    }

    @Test
    void onlyCompletedFailedAndCancelledAreFinished() {
        EnumSet<MigrationStatus> finished = EnumSet.noneOf(MigrationStatus.class);
        for (MigrationStatus s : MigrationStatus.values()) {
            if (s.finished()) {
                finished.add(s);
            }
        }
        assertThat(finished).containsExactlyInAnyOrder(MigrationStatus.COMPLETED, MigrationStatus.FAILED,
                MigrationStatus.CANCELLED);
    }
}
