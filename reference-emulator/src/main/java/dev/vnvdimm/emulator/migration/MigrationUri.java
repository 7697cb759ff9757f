package dev.vnvdimm.emulator.migration;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.StandardOpenOption;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a migration stream goes or comes from, in QEMU's URI forms: {@code tcp:HOST:PORT},
 * {@code unix:PATH}, {@code file:PATH} and {@code exec:COMMAND} (run by {@code /bin/sh -c}; the stream is
 * its standard input on the source, its standard output on the destination).
 */
public record MigrationUri(String scheme, String target) {

    public static MigrationUri parse(String uri) throws MigrationException {
        int colon = uri.indexOf(':');
        if (colon <= 0) {
            throw new MigrationException("unknown migration protocol: " + uri);
        }
        String scheme = uri.substring(0, colon);
        if (!scheme.equals("tcp") && !scheme.equals("unix") && !scheme.equals("file") && !scheme.equals("exec")) {
            throw new MigrationException("unknown migration protocol: " + uri);
        }
        return new MigrationUri(scheme, uri.substring(colon + 1));
    }

    SocketAddress socketAddress() throws MigrationException {
        if (scheme.equals("unix")) {
            return UnixDomainSocketAddress.of(target);
        }
        int colon = target.lastIndexOf(':');
        if (colon < 0) {
            throw new MigrationException("tcp migration address '" + target + "' needs a port");
        }
        String host = target.substring(0, colon);
        return new InetSocketAddress(host.isEmpty() ? "127.0.0.1" : host, Integer.parseInt(target.substring(colon + 1)));
    }

    /**
     * One end of a migration: the stream and, on sockets, the way back ({@link dev.vnvdimm.abi.migration.ReturnPath}).
     * {@code in} is null on the source of a file or exec migration, {@code out} null on its destination.
     */
    public record Connection(ReadableByteChannel in, WritableByteChannel out, Closeable closer)
            implements Closeable {
        public boolean hasReturnPath() {
            return in != null && out != null;
        }

        @Override
        public void close() throws IOException {
            closer.close();
        }
    }

    /**
     * TCP without Nagle's algorithm: the stop-and-copy ends with small sections (device state, guest state,
     * END) and the answer is one short line; held back for the peer's delayed ACK, each would cost 40 ms of
     * downtime. Pages go in whole sections of up to 1 MiB, which need no coalescing.
     */
    private static SocketChannel noDelay(SocketChannel ch) throws IOException {
        if (ch.getLocalAddress() instanceof InetSocketAddress) {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
        return ch;
    }

    /** The source's side: where to write the migration (and, on sockets, read the destination's answer). */
    public Connection openForWriting() throws IOException {
        switch (scheme) {
            case "tcp", "unix" -> {
                SocketChannel ch = SocketChannel.open(scheme.equals("unix") ? StandardProtocolFamily.UNIX
                        : StandardProtocolFamily.INET);
                try {
                    ch.connect(socketAddress());
                } catch (IOException e) {
                    ch.close();
                    throw new MigrationException("Failed to connect to '" + target + "': " + e.getMessage(), e);
                }
                return new Connection(noDelay(ch), ch, ch);
            }
            case "file" -> {
                FileChannel f = FileChannel.open(Path.of(target), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
                return new Connection(null, f, f);
            }
            default -> {
                Process p = new ProcessBuilder("/bin/sh", "-c", target).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                OutputStream o = new FilterOutputStream(p.getOutputStream()) {
                    @Override
                    public void write(int b) throws IOException {
                        write(new byte[] {(byte) b}, 0, 1);
                    }

                    /** Whole buffers at once; a command that went away fails the write as QEMU words it. */
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        try {
                            out.write(b, off, len);
                        } catch (IOException e) {
                            // Java closes a command's stdin once it exited ("Stream closed"): the pipe had no
                            // reader left, the write's EPIPE in QEMU's qio_channel_command
                            throw new MigrationException(COMMAND_WRITE_FAILED, e);
                        }
                    }

                    @Override
                    public void close() throws IOException {
                        super.close();
                        try {
                            if (p.waitFor() != 0) {
                                throw new MigrationException("exec:" + target + " exited with status " + p.exitValue());
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                };
                return new Connection(null, Channels.newChannel(o), o);
            }
        }
    }

    /** The destination's listening side: bound at once (so a source can connect), accepted later. */
    public Listener listen() throws IOException {
        switch (scheme) {
            case "tcp", "unix" -> {
                if (scheme.equals("unix")) {
                    Files.deleteIfExists(Path.of(target));
                }
                ServerSocketChannel server = ServerSocketChannel.open(scheme.equals("unix")
                        ? StandardProtocolFamily.UNIX : StandardProtocolFamily.INET);
                server.bind(socketAddress());
                return new Listener() {
                    @Override
                    public Connection accept() throws IOException {
                        return accept(false);
                    }

                    @Override
                    public Connection accept(boolean keepListening) throws IOException {
                        SocketChannel ch = server.accept();
                        if (!keepListening) {
                            server.close();
                        }
                        return new Connection(noDelay(ch), ch, ch);
                    }

                    @Override
                    public Connection acceptChannel() throws IOException {
                        // polled, so a source that never connects its channels cannot hold the destination forever
                        server.configureBlocking(false);
                        long deadline = System.nanoTime() + CHANNEL_CONNECT_TIMEOUT_NANOS;
                        while (true) {
                            SocketChannel ch = server.accept(); // blocking, whatever the server's mode
                            if (ch != null) {
                                return new Connection(noDelay(ch), ch, ch);
                            }
                            if (System.nanoTime() > deadline) {
                                throw new MigrationException("a multifd channel did not connect to " + scheme + ":"
                                        + target + " within " + CHANNEL_CONNECT_TIMEOUT_NANOS / 1_000_000_000 + " s");
                            }
                            try {
                                Thread.sleep(1);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                throw new InterruptedIOException("interrupted while accepting a multifd channel");
                            }
                        }
                    }

                    @Override
                    public SocketAddress address() throws IOException {
                        return server.getLocalAddress();
                    }

                    @Override
                    public void close() throws IOException {
                        server.close();
                        if (scheme.equals("unix")) {
                            Files.deleteIfExists(Path.of(target));
                        }
                    }
                };
            }
            case "file" -> {
                return fixed(() -> FileChannel.open(Path.of(target)));
            }
            default -> {
                return fixed(() -> {
                    Process p = new ProcessBuilder("/bin/sh", "-c", target)
                            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                    return Channels.newChannel(new FilterInputStream(p.getInputStream()) {
                        @Override
                        public void close() throws IOException {
                            super.close();
                            p.destroy();
                        }
                    });
                });
            }
        }
    }

    private static Listener fixed(IoSupplier open) {
        return new Listener() {
            @Override
            public Connection accept() throws IOException {
                ReadableByteChannel in = open.get();
                return new Connection(in, null, in);
            }

            @Override
            public SocketAddress address() {
                return null;
            }

            @Override
            public void close() {
            }
        };
    }

    @FunctionalInterface
    private interface IoSupplier {
        ReadableByteChannel get() throws IOException;
    }

    /** QEMU's words for a write to an {@code exec:} command whose reader has gone (EPIPE). */
    static final String COMMAND_WRITE_FAILED = "Unable to write to command: Broken pipe";

    /** How long a destination waits for each multifd channel once the main channel announced them. */
    static final long CHANNEL_CONNECT_TIMEOUT_NANOS = 10_000_000_000L;

    /**
     * QEMU's words for multifd on a transport with one channel only ({@code file:} without mapped-ram,
     * {@code exec:}).
     */
    public static final String NEEDS_MULTI_CHANNEL = "Migration requires multi-channel URIs (e.g. tcp)";

    /** Whether further connections can follow the main one: sockets, not files or commands. */
    public boolean supportsMultipleChannels() {
        return scheme.equals("tcp") || scheme.equals("unix");
    }

    /** A bound incoming endpoint. */
    public interface Listener extends AutoCloseable {
        /** The main connection; a socket listener stops listening once it has it. */
        Connection accept() throws IOException;

        /**
         * The main connection; with {@code keepListening} a socket listener goes on listening, so the multifd
         * channels can follow ({@link #acceptChannel}) until it is closed.
         */
        default Connection accept(boolean keepListening) throws IOException {
            return accept();
        }

        /** A further connection (a multifd channel) after {@link #accept(boolean) accept(true)}. */
        default Connection acceptChannel() throws IOException {
            throw new MigrationException(NEEDS_MULTI_CHANNEL);
        }

        /** The bound socket address (tcp port 0 gets a real port), or null for file and exec. */
        SocketAddress address() throws IOException;

        @Override
        void close() throws IOException;
    }
}
