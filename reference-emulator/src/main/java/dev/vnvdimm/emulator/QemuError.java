package dev.vnvdimm.emulator;

/**
 * A configuration or runtime error reported the way QEMU reports it: {@link #getMessage()} is QEMU's
 * own text where QEMU has one, and {@link #location()} is the command-line option QEMU would name
 * before it ({@code -device nvdimm,id=nv1,...}), or empty when QEMU prints the message alone.
 */
public class QemuError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** QEMU's error class for most errors (QAPI {@code QapiErrorClass}). */
    public static final String GENERIC_ERROR = "GenericError";
    /** QEMU's error class when a named device or backend does not exist ({@code device_add memdev=}, {@code device_del}). */
    public static final String DEVICE_NOT_FOUND = "DeviceNotFound";

    private final String location;
    private final String errorClass;

    public QemuError(String message) {
        this("", message);
    }

    public QemuError(String location, String message) {
        this(location, message, GENERIC_ERROR);
    }

    private QemuError(String location, String message, String errorClass) {
        super(message);
        this.location = location == null ? "" : location;
        this.errorClass = errorClass;
    }

    /** QEMU's {@code Device 'ID' not found}, of class {@code DeviceNotFound} as QMP reports it. */
    public static QemuError deviceNotFound(String location, String id) {
        return new QemuError(location, "Device '" + id + "' not found", DEVICE_NOT_FOUND);
    }

    /** The class a QMP error reply carries: {@link #GENERIC_ERROR} or {@link #DEVICE_NOT_FOUND}. */
    public String errorClass() {
        return errorClass;
    }

    /** The option this error is about, as written on the command line, or "". */
    public String location() {
        return location;
    }

    /** The same error, attributed to a command-line option unless it already names one. */
    public QemuError at(String optionLocation) {
        return location.isEmpty() ? new QemuError(optionLocation, getMessage(), errorClass) : this;
    }

    /** The line QEMU prints: {@code <location>: <message>} or just the message. */
    public String describe() {
        return location.isEmpty() ? getMessage() : location + ": " + getMessage();
    }
}
