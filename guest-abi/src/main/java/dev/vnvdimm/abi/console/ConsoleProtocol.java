package dev.vnvdimm.abi.console;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The guest console's framing — defined here once, spoken by the reference guest's serial console and by the
 * Linux guest image's {@code /init} shell loop, read by the harness's host-side driver. It lives beside the ACPI
 * layouts because it is the same kind of thing: an ABI between host and guest that both sides must agree on.
 *
 * <pre>
 * guest, once booted:   "#vnvdimm ready\n"
 * host sends:           one command line, ended by "\n" (shell words, as sh would split them);
 *                       an empty line asks for "#vnvdimm ready\n" again (a host that connected after the
 *                       guest booted resynchronises: QEMU drops serial output while no client is connected);
 *                       so does a line ending in ^U (0x15, a terminal's line kill), which also discards
 *                       whatever came before it on that line
 * guest replies:        "#vnvdimm stdout N\n" then exactly N bytes
 *                       "#vnvdimm stderr N\n" then exactly N bytes
 *                       "#vnvdimm exit C\n"   (C: the command's exit status, 0–255)
 * </pre>
 *
 * Byte counts rather than an end marker, so output need not end in a newline and may contain anything. A
 * guest may print other lines (kernel messages, a shell prompt) outside a reply; the reader skips every line
 * until the next "#vnvdimm " header it expects.
 * <p>
 * Why ^U: a guest migrated or paused while a command line was on its way may hold the first part of that line
 * with the rest lost. A host that connects later must not complete the fragment into a command (a truncated
 * label write would run), so it opens with {@link #writeResync} and the guest drops the fragment.
 */
public final class ConsoleProtocol {
    /** One command's reply: what it printed on each stream and its exit status. */
    public record Reply(int exitCode, String stdout, String stderr) {
    }

    public static final String PREFIX = "#vnvdimm ";
    public static final String READY = PREFIX + "ready";
    static final String STDOUT = PREFIX + "stdout ";
    static final String STDERR = PREFIX + "stderr ";
    static final String EXIT = PREFIX + "exit ";
    /** A terminal's line-kill character; a line ending in it is a resynchronisation, not a command. */
    public static final char LINE_KILL = '\u0015';
    /** Longest header or command line accepted; anything longer is a broken stream. */
    public static final int MAX_LINE = 64 << 10;

    private ConsoleProtocol() {
    }

    public static void writeReady(OutputStream out) throws IOException {
        out.write((READY + "\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Asks the guest to drop any partial line it holds and say it is ready. */
    public static void writeResync(OutputStream out) throws IOException {
        out.write(new byte[] {LINE_KILL, '\n'});
        out.flush();
    }

    /** Whether a line read by the guest asks for readiness rather than running a command. */
    public static boolean isResync(String line) {
        return line.isBlank() || line.charAt(line.length() - 1) == LINE_KILL;
    }

    public static void writeCommand(OutputStream out, String commandLine) throws IOException {
        if (commandLine.indexOf('\n') >= 0 || commandLine.indexOf(LINE_KILL) >= 0) {
            throw new IllegalArgumentException("a console command is one line without ^U: " + commandLine);
        }
        out.write((commandLine + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    public static void writeReply(OutputStream out, Reply r) throws IOException {
        byte[] o = r.stdout().getBytes(StandardCharsets.UTF_8);
        byte[] e = r.stderr().getBytes(StandardCharsets.UTF_8);
        out.write((STDOUT + o.length + "\n").getBytes(StandardCharsets.US_ASCII));
        out.write(o);
        out.write((STDERR + e.length + "\n").getBytes(StandardCharsets.US_ASCII));
        out.write(e);
        out.write((EXIT + (r.exitCode() & 0xff) + "\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads lines until the guest says it is ready; returns the lines before that (what its boot said). */
    public static List<String> awaitReady(InputStream in) throws IOException {
        List<String> before = new ArrayList<>();
        for (String line = readLine(in); !line.equals(READY); line = readLine(in)) {
            before.add(line);
        }
        return before;
    }

    /** Reads one framed reply, skipping any stray lines before it. */
    public static Reply readReply(InputStream in) throws IOException {
        String stdout = new String(readBlock(in, STDOUT), StandardCharsets.UTF_8);
        String stderr = new String(readBlock(in, STDERR), StandardCharsets.UTF_8);
        String exit = readHeader(in, EXIT);
        int status;
        try {
            status = Integer.parseInt(exit.strip());
        } catch (NumberFormatException e) {
            status = -1;
        }
        if (status < 0 || status > 255) {
            // an exit status is a byte: anything else is a broken line, not a result to hand on
            throw new IOException("guest console: bad exit status '" + exit + "'");
        }
        return new Reply(status, stdout, stderr);
    }

    /** Reads one command line (without its newline); null at end of stream. */
    public static String readCommand(InputStream in) throws IOException {
        try {
            return readLine(in);
        } catch (EOFException e) {
            return null;
        }
    }

    private static byte[] readBlock(InputStream in, String header) throws IOException {
        String n = readHeader(in, header);
        int len;
        try {
            len = Integer.parseInt(n.strip());
        } catch (NumberFormatException e) {
            len = -1;
        }
        if (len < 0) {
            throw new IOException("guest console: bad byte count '" + n + "' after '" + header.strip() + "'");
        }
        byte[] b = in.readNBytes(len);
        if (b.length != len) {
            throw new EOFException("guest console closed inside a reply");
        }
        return b;
    }

    private static String readHeader(InputStream in, String header) throws IOException {
        while (true) {
            // a serial line may turn "\n" into "\r\n"; the header tolerates it
            String line = readLine(in).replace("\r", "");
            if (line.startsWith(header)) {
                return line.substring(header.length());
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("guest console closed");
            }
            if (c == '\n') {
                return line.toString(StandardCharsets.UTF_8).replace("\r", "");
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("guest console: line longer than " + MAX_LINE + " bytes");
            }
            line.write(c);
        }
    }
}
