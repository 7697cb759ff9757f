package dev.vnvdimm.harness.wire;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;

/** Connecting to a hypervisor's sockets, which appear a moment after the process starts. */
final class SocketAddresses {
    private SocketAddresses() {
    }

    /** {@code unix:PATH} or {@code tcp:HOST:PORT} (a chardev address without its options). */
    static SocketAddress parse(String address) {
        if (address.startsWith("unix:")) {
            return UnixDomainSocketAddress.of(address.substring(5));
        }
        if (address.startsWith("tcp:")) {
            String hp = address.substring(4);
            int colon = hp.lastIndexOf(':');
            return new InetSocketAddress(hp.substring(0, colon), Integer.parseInt(hp.substring(colon + 1)));
        }
        throw new IllegalArgumentException("not a socket address (unix:PATH or tcp:HOST:PORT): " + address);
    }

    /** Connects, retrying until the listener is there or {@code patience} has passed. */
    static SocketChannel connect(SocketAddress address, Duration patience) throws IOException {
        Instant deadline = Instant.now().plus(patience);
        while (true) {
            SocketChannel ch = SocketChannel.open(address instanceof UnixDomainSocketAddress
                    ? StandardProtocolFamily.UNIX : StandardProtocolFamily.INET);
            try {
                ch.connect(address);
                return ch;
            } catch (IOException e) {
                ch.close();
                if (Instant.now().isAfter(deadline)) {
                    throw new IOException("cannot connect to " + address + ": " + e.getMessage(), e);
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while connecting to " + address);
                }
            }
        }
    }
}
