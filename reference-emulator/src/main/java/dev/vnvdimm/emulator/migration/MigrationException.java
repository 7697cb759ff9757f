package dev.vnvdimm.emulator.migration;

import java.io.IOException;

/** A migration that cannot go on: a refused configuration, a broken stream, a lost connection. */
public final class MigrationException extends IOException {
    private static final long serialVersionUID = 1L;

    public MigrationException(String message) {
        super(message);
    }

    public MigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
