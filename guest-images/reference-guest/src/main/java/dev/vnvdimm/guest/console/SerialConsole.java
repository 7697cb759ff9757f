package dev.vnvdimm.guest.console;

import dev.vnvdimm.abi.console.ConsoleProtocol;
import dev.vnvdimm.guest.ndctl.CommandResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.function.Function;

/**
 * The guest's side of a serial line: announce readiness, then read command lines and answer each in
 * {@link ConsoleProtocol}'s framing until the host hangs up (an empty line, or one ending in ^U, is answered
 * with readiness again: {@link ConsoleProtocol#isResync}).
 * Words are split as sh splits them.
 */
public final class SerialConsole {
    private final Function<List<String>, CommandResult> shell;

    public SerialConsole(Function<List<String>, CommandResult> shell) {
        this.shell = shell;
    }

    /** Serves one connected host until it disconnects. */
    public void serve(InputStream in, OutputStream out) throws IOException {
        ConsoleProtocol.writeReady(out);
        for (String line = ConsoleProtocol.readCommand(in); line != null; line = ConsoleProtocol.readCommand(in)) {
            if (ConsoleProtocol.isResync(line)) {
                ConsoleProtocol.writeReady(out);
                continue;
            }
            CommandResult r;
            try {
                r = shell.apply(ShellWords.split(line));
            } catch (IllegalArgumentException e) {
                r = CommandResult.fail(2, "", "sh: " + e.getMessage() + "\n");
            }
            ConsoleProtocol.writeReply(out, new ConsoleProtocol.Reply(r.exitCode(), r.stdout(), r.stderr()));
        }
    }
}
