package dev.vnvdimm.harness.wire;

import dev.vnvdimm.abi.console.ConsoleProtocol;
import dev.vnvdimm.abi.io.ChannelStreams;
import dev.vnvdimm.harness.model.CommandResult;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The host's end of a guest console ({@code -serial unix:PATH,server=on,wait=off}) speaking
 * {@link ConsoleProtocol}: waits for the guest to say it is ready, then runs command lines one at a time.
 * A command that does not answer in time closes the console (the line is out of step afterwards).
 */
public final class ConsoleClient implements AutoCloseable {
    private final SocketChannel channel;
    private final InputStream in;
    private final OutputStream out;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "guest-console-reader");
        t.setDaemon(true);
        return t;
    });

    /** The last bytes the guest sent, quoted when a command gets no reply: what the line was doing then. */
    private final ArrayDeque<Byte> lastSeen = new ArrayDeque<>();
    private static final int LAST_SEEN_BYTES = 600;

    private ConsoleClient(SocketChannel channel) {
        this.channel = channel;
        this.in = new BufferedInputStream(new FilterInputStream(ChannelStreams.in(channel)) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    seen(new byte[] {(byte) b}, 0, 1);
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                seen(buf, off, n);
                return n;
            }
        });
        this.out = ChannelStreams.out(channel);
    }

    /** Connects and waits until the guest has booted far enough to take commands. */
    public static ConsoleClient connect(String address, Duration bootTimeout) throws IOException {
        return ready(SocketAddresses.connect(SocketAddresses.parse(address), bootTimeout), bootTimeout);
    }

    /**
     * A console connected before its guest runs (a migration's destination): QEMU's serial port drops what the
     * guest prints while no one is connected, so a guest that dies right after it resumes would leave no last
     * words. Connected early, everything it prints waits in the socket until {@link Early#awaitReady} reads it.
     */
    public static Early connectEarly(String address, Duration patience) throws IOException {
        return new Early(SocketAddresses.connect(SocketAddresses.parse(address), patience));
    }

    /** A console connection whose guest has not been waited for yet. */
    public static final class Early implements AutoCloseable {
        private final SocketChannel channel;

        private Early(SocketChannel channel) {
            this.channel = channel;
        }

        /** Waits until the guest takes commands, as {@link #connect} does, having heard it all along. */
        public ConsoleClient awaitReady(Duration bootTimeout) throws IOException {
            return ready(channel, bootTimeout);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    private static ConsoleClient ready(SocketChannel channel, Duration bootTimeout) throws IOException {
        ConsoleClient c = new ConsoleClient(channel);
        try {
            // the guest may have said ready before anyone listened, or hold part of a line cut off by a migration
            ConsoleProtocol.writeResync(c.out);
            c.bootLines.addAll(c.await(() -> ConsoleProtocol.awaitReady(c.in), bootTimeout,
                    "the guest console did not say ready"));
            return c;
        } catch (IOException | RuntimeException e) {
            // nobody else holds this client: left open, it would keep the socket (QEMU's serial chardev serves one
            // client at a time, so a later connect would hear nothing) and its reader thread
            c.close();
            throw e;
        }
    }

    /**
     * What the guest's init reported about its boot before it said ready ({@code vnvdimm-init: ...} lines, e.g.
     * that it gave up waiting for the NVDIMM probe), when the host was listening by then.
     */
    public List<String> initNotes() {
        return bootLines.stream().filter(l -> l.startsWith(INIT_NOTE)).toList();
    }

    /** How the Linux image's {@code /init} starts a line it writes for the host before "ready". */
    public static final String INIT_NOTE = "vnvdimm-init: ";

    private final List<String> bootLines = new CopyOnWriteArrayList<>();

    /**
     * Sends a command line that gets no reply, because it resets the machine ({@code reboot -f}), and waits until
     * the guest booted anew says it is ready ({@link #awaitBootAgain}).
     */
    public void runResetting(String commandLine, Duration bootTimeout) throws IOException {
        ConsoleProtocol.writeCommand(out, commandLine);
        awaitBootAgain(bootTimeout);
    }

    /**
     * Waits until the guest, booted anew after a reset, says it is ready: every line before that (the old guest's
     * last words, the firmware's and the new guest's boot) is skipped; what its init reported is kept.
     */
    public void awaitBootAgain(Duration bootTimeout) throws IOException {
        bootLines.clear();
        bootLines.addAll(await(() -> ConsoleProtocol.awaitReady(in), bootTimeout,
                "the guest console did not say ready after the reset"));
    }

    public CommandResult run(String commandLine, Duration timeout) throws IOException {
        ConsoleProtocol.writeCommand(out, commandLine);
        ConsoleProtocol.Reply r = await(() -> ConsoleProtocol.readReply(in), timeout,
                "no reply to '" + commandLine + "'");
        return new CommandResult(r.exitCode(), r.stdout(), r.stderr());
    }

    private <T> T await(Callable<T> read, Duration timeout, String what) throws IOException {
        Future<T> f = reader.submit(read);
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            close();
            throw new IOException(what + " within " + timeout.toSeconds() + " s; the guest's last words: \""
                    + lastSeen() + "\"");
        } catch (ExecutionException e) {
            // a reset or closed console is most often the guest or QEMU ending: what it said last tells why
            throw new IOException("the guest console broke (" + e.getCause() + ") while waiting: " + what
                    + "; the guest's last words: \"" + lastSeen() + "\"", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + what);
        }
    }

    /**
     * Linux's words when its kernel panics. The kit's guest reboots on a panic ({@code panic=-1}); a machine
     * started without {@code -no-reboot} (a scenario that resets it) would boot again, so the console ends the wait
     * it is in as soon as it hears them, and a panic fails the step instead of passing as a reboot.
     */
    static final String KERNEL_PANIC = "Kernel panic - not syncing";

    private void seen(byte[] buf, int off, int n) throws IOException {
        synchronized (lastSeen) {
            for (int i = 0; i < n; i++) {
                lastSeen.addLast(buf[off + i]);
                if (lastSeen.size() > LAST_SEEN_BYTES) {
                    lastSeen.removeFirst();
                }
            }
            if (n > 0 && lastSeen().contains(KERNEL_PANIC)) {
                throw new IOException("the guest's kernel panicked");
            }
        }
    }

    private String lastSeen() {
        synchronized (lastSeen) {
            byte[] b = new byte[lastSeen.size()];
            int i = 0;
            for (byte x : lastSeen) {
                b[i++] = x;
            }
            return new String(b, StandardCharsets.ISO_8859_1).replace("\n", "\\n");
        }
    }

    @Override
    public void close() throws IOException {
        reader.shutdownNow();
        channel.close();
    }
}
