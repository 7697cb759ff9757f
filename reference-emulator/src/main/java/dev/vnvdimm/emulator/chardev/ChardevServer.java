package dev.vnvdimm.emulator.chardev;

import dev.vnvdimm.abi.io.ChannelStreams;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A listening socket character device ({@code unix:PATH,server=on,wait=off} or {@code tcp:HOST:PORT,...}):
 * accepts clients and hands each connection to a handler. The monitor serves many clients at once; a serial
 * line, like QEMU's socket chardev, serves one at a time.
 */
public final class ChardevServer implements AutoCloseable {
    /** What runs on one client connection until it ends. */
    @FunctionalInterface
    public interface Handler {
        void serve(InputStream in, OutputStream out) throws IOException;
    }

    private final ChardevAddress address;
    private final ServerSocketChannel server;
    private final List<SocketChannel> clients = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /**
     * @param concurrent whether clients are served side by side (monitor) or one after another (serial)
     */
    public ChardevServer(ChardevAddress address, String name, boolean concurrent, Handler handler)
            throws IOException {
        this.address = address;
        if (address.unixPath().isPresent()) {
            Files.deleteIfExists(address.unixPath().get());
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        } else {
            server = ServerSocketChannel.open();
        }
        server.bind(address.socketAddress());
        Thread acceptor = new Thread(() -> acceptLoop(name, concurrent, handler), name + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The bound address (for TCP port 0, the port the system chose). */
    public SocketAddress localAddress() throws IOException {
        return server.getLocalAddress();
    }

    private void acceptLoop(String name, boolean concurrent, Handler handler) {
        while (!closed) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("vnvdimm: " + name + ": " + e.getMessage());
                }
                return;
            }
            clients.add(client);
            if (concurrent) {
                Thread t = new Thread(() -> serve(client, handler), name + "-client");
                t.setDaemon(true);
                t.start();
            } else {
                serve(client, handler);
            }
        }
    }

    private void serve(SocketChannel client, Handler handler) {
        try (InputStream in = ChannelStreams.in(client); OutputStream out = ChannelStreams.out(client)) {
            handler.serve(in, out);
        } catch (IOException | UncheckedIOException e) {
            // the client went away
        } finally {
            clients.remove(client);
            try {
                client.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (SocketChannel c : clients) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        address.unixPath().ifPresent(p -> {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // QEMU removes its socket too; best effort
            }
        });
    }
}
