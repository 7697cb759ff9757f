package dev.vnvdimm.emulator.migration;

/** The states {@code query-migrate} reports, with QEMU's names. */
public enum MigrationStatus {
    NONE("none"), SETUP("setup"), ACTIVE("active"), DEVICE("device"), COMPLETED("completed"),
    FAILED("failed"), CANCELLING("cancelling"), CANCELLED("cancelled");

    private final String qmpName;

    MigrationStatus(String qmpName) {
        this.qmpName = qmpName;
    }

    public String qmpName() {
        return qmpName;
    }

    public boolean finished() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
