package dev.vnvdimm.emulator.qmp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Serves a {@link QmpMonitor} on a unix or TCP socket ({@code -qmp unix:PATH,server=on,wait=off}). Each client
 * gets the greeting and its own session; messages are JSON objects, one after another, replies end in CRLF
 * as QEMU's do.
 */
public final class QmpServer implements AutoCloseable {
    private final QmpMonitor monitor;
    private final ChardevAddress address;
    private final ServerSocketChannel server;
    private final List<SocketChannel> clients = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile boolean closed;

    public QmpServer(QmpMonitor monitor, ChardevAddress address) throws IOException {
        this.monitor = monitor;
        this.address = address;
        if (address.unixPath().isPresent()) {
            Files.deleteIfExists(address.unixPath().get());
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        } else {
            server = ServerSocketChannel.open();
        }
        server.bind(address.socketAddress());
        acceptor = new Thread(this::acceptLoop, "qmp-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The bound address (for TCP port 0, the port the system chose). */
    public java.net.SocketAddress localAddress() throws IOException {
        return server.getLocalAddress();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel client = server.accept();
                clients.add(client);
                Thread t = new Thread(() -> serve(client), "qmp-client");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("vnvdimm: qmp: " + e.getMessage());
                }
                return;
            }
        }
    }

    private void serve(SocketChannel client) {
        OutputStream out = Channels.newOutputStream(client);
        QmpMonitor.Session session = monitor.open(line -> {
            synchronized (out) {
                try {
                    out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        try (InputStream in = Channels.newInputStream(client);
             JsonParser parser = QmpMonitor.JSON.getFactory().createParser(in)) {
            while (!closed) {
                JsonToken t;
                try {
                    t = parser.nextToken();
                    if (t == null) {
                        break;
                    }
                    JsonNode msg = QmpMonitor.JSON.readTree(parser);
                    session.handle(msg);
                } catch (JsonProcessingException e) {
                    session.parseError(e.getOriginalMessage());
                    break; // the stream is out of step; QEMU resets the parser, we drop the client
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // the client went away
        } finally {
            session.close();
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
