package dev.vnvdimm.emulator.qmp;

/**
 * A QMP error reply: {@code {"error": {"class": ..., "desc": ...}}} (QEMU docs/interop/qmp-spec). The classes
 * are QEMU's: most errors are {@code GenericError}; an unknown command is {@code CommandNotFound}.
 */
public final class QmpError extends Exception {
    private static final long serialVersionUID = 1L;

    public static final String GENERIC_ERROR = "GenericError";
    public static final String COMMAND_NOT_FOUND = "CommandNotFound";
    public static final String DEVICE_NOT_FOUND = "DeviceNotFound";

    private final String errorClass;

    public QmpError(String errorClass, String desc) {
        super(desc);
        this.errorClass = errorClass;
    }

    public static QmpError generic(String desc) {
        return new QmpError(GENERIC_ERROR, desc);
    }

    public String errorClass() {
        return errorClass;
    }

    public String desc() {
        return getMessage();
    }
}
