package dev.vnvdimm.emulator.qmp;

import dev.vnvdimm.emulator.QemuError;

/**
 * A QMP error reply: {@code {"error": {"class": ..., "desc": ...}}} (QEMU docs/interop/qmp-spec). The classes
 * are QEMU's: most errors are {@code GenericError}; an unknown command is {@code CommandNotFound}.
 */
public final class QmpError extends Exception {
    private static final long serialVersionUID = 1L;

    public static final String GENERIC_ERROR = "GenericError";
    public static final String COMMAND_NOT_FOUND = "CommandNotFound";
    public static final String DEVICE_NOT_FOUND = QemuError.DEVICE_NOT_FOUND;

    private final String errorClass;

    public QmpError(String errorClass, String desc) {
        super(desc);
        this.errorClass = errorClass;
    }

    public static QmpError generic(String desc) {
        return new QmpError(GENERIC_ERROR, desc);
    }

    /** QEMU's error as QMP reports it: its text without the command-line location, and its class. */
    public static QmpError of(QemuError e) {
        return new QmpError(e.errorClass(), e.getMessage());
    }

    public String errorClass() {
        return errorClass;
    }

    public String desc() {
        return getMessage();
    }
}
