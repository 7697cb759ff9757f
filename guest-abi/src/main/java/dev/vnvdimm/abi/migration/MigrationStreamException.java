package dev.vnvdimm.abi.migration;

import java.io.IOException;

/** Bytes that are not the kit's migration stream: bad magic, another version, a corrupt or truncated section. */
public final class MigrationStreamException extends IOException {
    private static final long serialVersionUID = 1L;

    public MigrationStreamException(String message) {
        super(message);
    }
}
