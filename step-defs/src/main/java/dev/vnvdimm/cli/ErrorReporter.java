package dev.vnvdimm.cli;

import dev.vnvdimm.emulator.QemuError;
import picocli.CommandLine;

/**
 * Prints failures the way QEMU does, with the kit's name in front: {@code vnvdimm: -device nvdimm,...: <message>},
 * and exits non-zero. Anything that is not a configuration error is a bug and shows its stack trace.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {
    static final int CONFIGURATION_ERROR = 1;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        if (ex instanceof QemuError q) {
            cmd.getErr().println("vnvdimm: " + q.describe());
            return CONFIGURATION_ERROR;
        }
        if (ex instanceof IllegalArgumentException) {
            cmd.getErr().println("vnvdimm: " + ex.getMessage());
            return CONFIGURATION_ERROR;
        }
        ex.printStackTrace(cmd.getErr());
        return 2;
    }
}
