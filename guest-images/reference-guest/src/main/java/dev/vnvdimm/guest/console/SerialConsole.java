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
    /** The connected host's stream, while one is connected. */
    private OutputStream host;

    public SerialConsole(Function<List<String>, CommandResult> shell) {
        this.shell = shell;
    }

    /** Serves one connected host until it disconnects. */
    public void serve(InputStream in, OutputStream out) throws IOException {
        synchronized (this) {
            host = out;
            ConsoleProtocol.writeReady(out);
        }
        try {
            for (String line = ConsoleProtocol.readCommand(in); line != null; line = ConsoleProtocol.readCommand(in)) {
                if (ConsoleProtocol.isResync(line)) {
                    synchronized (this) {
                        ConsoleProtocol.writeReady(out);
                    }
                    continue;
                }
                CommandResult r;
                try {
                    r = shell.apply(ShellWords.split(line));
                } catch (IllegalArgumentException e) {
                    r = CommandResult.fail(2, "", "sh: " + e.getMessage() + "\n");
                } catch (Rebooted e) {
                    continue; // the new guest said ready
                }
                synchronized (this) {
                    ConsoleProtocol.writeReply(out, new ConsoleProtocol.Reply(r.exitCode(), r.stdout(), r.stderr()));
                }
            }
        } finally {
            synchronized (this) {
                host = null;
            }
        }
    }

    /**
     * A guest booted anew on this line (the machine was reset) says it is ready, as the Linux image's init does
     * after every boot; with no host connected the words are lost, as on a serial port.
     */
    public synchronized void announceReady() {
        if (host != null) {
            try {
                ConsoleProtocol.writeReady(host);
            } catch (IOException e) {
                // the host hung up; it resynchronises when it connects again
            }
        }
    }

    /**
     * Thrown by the shell when its command reset the machine: that command never answers (its guest is gone), and
     * the guest booted in its place has {@link #announceReady() said ready}.
     */
    public static final class Rebooted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Rebooted() {
            super("the machine was reset while the command ran");
        }
    }
}
