package dev.vnvdimm.emulator;

/**
 * A configuration or runtime error reported the way QEMU reports it: {@link #getMessage()} is QEMU's
 * own text where QEMU has one, and {@link #location()} is the command-line option QEMU would name
 * before it ({@code -device nvdimm,id=nv1,...}), or empty when QEMU prints the message alone.
 */
public class QemuError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String location;

    public QemuError(String message) {
        this("", message);
    }

    public QemuError(String location, String message) {
        super(message);
        this.location = location == null ? "" : location;
    }

    /** The option this error is about, as written on the command line, or "". */
    public String location() {
        return location;
    }

    /** The same error, attributed to a command-line option unless it already names one. */
    public QemuError at(String optionLocation) {
        return location.isEmpty() ? new QemuError(optionLocation, getMessage()) : this;
    }

    /** The line QEMU prints: {@code <location>: <message>} or just the message. */
    public String describe() {
        return location.isEmpty() ? getMessage() : location + ": " + getMessage();
    }
}
