package dev.vnvdimm.guest.nvdimm;

import dev.vnvdimm.guest.aml.runtime.NamespaceNode;

/** A _DSM call that returned an error status or a short reply: an I/O error to the caller (Linux: -EIO). */
public final class DsmException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public DsmException(NamespaceNode device, int function, int status, String problem) {
        super(device.path() + "._DSM function " + function + ": " + problem);
        this.status = status;
    }

    /** The reply's status word, or -1 when there was none. */
    public int status() {
        return status;
    }
}
