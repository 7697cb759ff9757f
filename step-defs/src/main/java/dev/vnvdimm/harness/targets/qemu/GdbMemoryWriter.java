package dev.vnvdimm.harness.targets.qemu;

import dev.vnvdimm.abi.io.ChannelStreams;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes guest-physical memory of a paused QEMU through its gdbstub ({@code -gdb unix:PATH,server=on,wait=off}),
 * with the GDB remote protocol's {@code M addr,length:bytes} packet — QEMU's monitor can read memory
 * ({@code xp}) but not write it. Enough protocol for that one packet: framing, checksum, acknowledgements.
 */
final class GdbMemoryWriter implements AutoCloseable {
    /** Bytes per M packet: QEMU's gdbstub takes packets of up to 4096 characters. */
    static final int CHUNK = 1024;

    /** How long the stub may take to answer one packet, however loaded the machine is. */
    static final Duration REPLY_PATIENCE = Duration.ofSeconds(30);

    private final SocketChannel channel;
    private final InputStream in;
    private final OutputStream out;
    // blocking channel reads ignore socket timeouts: each reply is read here and waited for with a limit
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "gdbstub-reader");
        t.setDaemon(true);
        return t;
    });

    GdbMemoryWriter(Path socket) throws IOException {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        in = ChannelStreams.in(channel);
        out = ChannelStreams.out(channel);
    }

    /**
     * Makes later addresses guest-physical ({@code Qqemu.PhyMemMode:1}): without it the gdbstub translates them
     * through the page tables of a running guest's current CPU.
     */
    void usePhysicalAddresses() throws IOException {
        String reply = exchange("Qqemu.PhyMemMode:1");
        if (!reply.equals("OK")) {
            throw new IOException("gdbstub refused physical-memory mode: '" + reply + "'");
        }
    }

    void write(long address, byte[] data) throws IOException {
        for (int at = 0; at < data.length; at += CHUNK) {
            int n = Math.min(CHUNK, data.length - at);
            String reply = exchange(String.format("M%x,%x:%s", address + at, n,
                    HexFormat.of().formatHex(data, at, at + n)));
            if (!reply.equals("OK")) {
                throw new IOException("gdbstub refused the memory write at 0x" + Long.toHexString(address + at) + ": "
                        + reply);
            }
        }
    }

    private String exchange(String payload) throws IOException {
        int sum = 0;
        for (byte b : payload.getBytes(StandardCharsets.US_ASCII)) {
            sum += b & 0xff;
        }
        out.write(String.format("$%s#%02x", payload, sum & 0xff).getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Future<String> answer = reader.submit(() -> {
            String reply;
            do {
                reply = packet();
            } while (reply.startsWith("T") || reply.startsWith("S")); // a stop reply: connecting paused the guest
            return reply;
        });
        String what = payload.length() > 40 ? payload.substring(0, 40) + "…" : payload;
        try {
            return answer.get(REPLY_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            close();
            throw new IOException("no gdbstub reply to '" + what + "' within " + REPLY_PATIENCE.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for the gdbstub's reply to '" + what + "'");
        }
    }

    /** The next packet from the stub, acknowledged. */
    private String packet() throws IOException {
        int c;
        while ((c = in.read()) != '$') { // skip the '+' acknowledgement (and anything before the reply)
            if (c < 0) {
                throw new IOException("gdbstub closed the connection");
            }
        }
        StringBuilder reply = new StringBuilder();
        while ((c = in.read()) != '#') {
            if (c < 0) {
                throw new IOException("gdbstub closed the connection");
            }
            reply.append((char) c);
        }
        in.read();
        in.read(); // the reply's checksum
        out.write('+');
        out.flush();
        return reply.toString();
    }

    @Override
    public void close() throws IOException {
        reader.shutdownNow();
        channel.close();
    }
}
