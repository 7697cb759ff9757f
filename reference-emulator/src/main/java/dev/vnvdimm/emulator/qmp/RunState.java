package dev.vnvdimm.emulator.qmp;

/** The run states {@code query-status} reports, with QEMU's names. */
public enum RunState {
    RUNNING("running"),
    PAUSED("paused"),
    PRELAUNCH("prelaunch"),
    INMIGRATE("inmigrate"),
    POSTMIGRATE("postmigrate"),
    FINISH_MIGRATE("finish-migrate"),
    SHUTDOWN("shutdown");

    private final String qmpName;

    RunState(String qmpName) {
        this.qmpName = qmpName;
    }

    public String qmpName() {
        return qmpName;
    }

    public boolean running() {
        return this == RUNNING;
    }
}
