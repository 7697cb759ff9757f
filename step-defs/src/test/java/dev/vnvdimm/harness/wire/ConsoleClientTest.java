package dev.vnvdimm.harness.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vnvdimm.abi.console.ConsoleProtocol;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A guest that stops answering mid-reply: the error quotes what the line last carried. */
class ConsoleClientTest {
    @TempDir
    Path dir;

    /** What a fake guest does with its end of the console. */
    private interface GuestSide {
        void serve(SocketChannel console) throws Exception;
    }

    /** A client connected to a fake guest on a unix socket; the guest's errors mean the client went. */
    private ConsoleClient connectTo(ServerSocketChannel server, GuestSide guest) throws Exception {
        Path socket = dir.resolve("console");
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread t = new Thread(() -> {
            try (SocketChannel c = server.accept()) {
                guest.serve(c);
            } catch (Exception e) {
                // the client gave up or went
            }
        });
        t.setDaemon(true);
        t.start();
        return ConsoleClient.connect("unix:" + socket, Duration.ofSeconds(5));
    }

    private static void say(SocketChannel c, String text) throws IOException {
        c.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aCommandWithoutReplyQuotesTheGuestsLastWords() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
             ConsoleClient client = connectTo(server, c -> {
                 say(c, "#vnvdimm ready\n");
                 var lines = Channels.newInputStream(c);
                 ConsoleProtocol.readCommand(lines); // the resynchronisation
                 ConsoleProtocol.readCommand(lines); // the command (one socket read may carry both)
                 say(c, "#vnvdimm stdout 11\nstatus");
                 Thread.sleep(5_000);
             })) {
            assertThatThrownBy(() -> client.run("nvdimm-dsm nmem0 --function 5", Duration.ofMillis(500)))
                    .hasMessageStartingWith("no reply to 'nvdimm-dsm nmem0 --function 5' within 0 s")
                    .hasMessageContaining("the guest's last words: \"#vnvdimm ready\\n#vnvdimm stdout 11\\nstatus\"");
        }
    }

    /** The Linux image's /init says on the console when it gave up waiting for the NVDIMM probe; the host keeps it. */
    @Test
    void whatInitSaidBeforeReadyIsKept() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
             ConsoleClient client = connectTo(server, c -> {
                 say(c, "[    2.1] a kernel line\nvnvdimm-init: gave up waiting for the NVDIMM probe after 20 s: "
                         + "0 of 1 NVDIMMs registered as nmemN\n#vnvdimm ready\n");
                 ConsoleProtocol.readCommand(Channels.newInputStream(c));
             })) {
            assertThat(client.initNotes()).containsExactly("vnvdimm-init: gave up waiting for the NVDIMM probe "
                    + "after 20 s: 0 of 1 NVDIMMs registered as nmemN");
        }
    }

    /** A command that resets the machine gets no reply: the client waits for the new guest's ready, then runs on. */
    @Test
    void aResettingCommandWaitsForTheGuestBootedAnew() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
             ConsoleClient client = connectTo(server, c -> {
                 say(c, "#vnvdimm ready\n");
                 var lines = Channels.newInputStream(c);
                 ConsoleProtocol.readCommand(lines); // the resynchronisation
                 ConsoleProtocol.readCommand(lines); // reboot -f
                 say(c, "[    0.0] Linux version 6.1\nvnvdimm-init: a note of the new boot\n#vnvdimm ready\n");
                 ConsoleProtocol.readCommand(lines);
                 ConsoleProtocol.writeReply(Channels.newOutputStream(c), new ConsoleProtocol.Reply(0, "up\n", ""));
                 Thread.sleep(1_000);
             })) {
            client.runResetting("reboot -f", Duration.ofSeconds(5));
            assertThat(client.initNotes()).containsExactly("vnvdimm-init: a note of the new boot");
            assertThat(client.run("uptime", Duration.ofSeconds(5)).stdout()).isEqualTo("up\n");
        }
    }

    /**
     * A guest that may reboot (no -no-reboot) would come back after a kernel panic: the panic's words end the wait
     * at once, whatever it waited for.
     */
    @Test
    void aKernelPanicFailsTheWait() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
             ConsoleClient client = connectTo(server, c -> {
                 say(c, "#vnvdimm ready\n");
                 var lines = Channels.newInputStream(c);
                 ConsoleProtocol.readCommand(lines);
                 ConsoleProtocol.readCommand(lines);
                 say(c, "[    9.9] Kernel panic - not syncing: Attempted to kill init!\n");
                 Thread.sleep(2_000);
                 say(c, "#vnvdimm ready\n");
             })) {
            assertThatThrownBy(() -> client.run("ndctl list", Duration.ofSeconds(5)))
                    .hasMessageContaining("the guest's kernel panicked")
                    .hasMessageContaining("Kernel panic - not syncing: Attempted to kill init!");
        }
    }

    /**
     * A console that ends before the guest says ready is hung up: QEMU's serial chardev serves one client at a time,
     * so a connection left open would deafen the next one (found by ConsoleClientFuzzTest on an empty stream).
     */
    @Test
    void aConsoleThatEndsBeforeReadyIsHungUp() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            Path socket = dir.resolve("console");
            server.bind(UnixDomainSocketAddress.of(socket));
            CompletableFuture<Boolean> hungUp = new CompletableFuture<>();
            Thread guest = new Thread(() -> {
                try (SocketChannel c = server.accept()) {
                    c.shutdownOutput();
                    ByteBuffer sink = ByteBuffer.allocate(64);
                    while (c.read(sink.clear()) >= 0) {
                        // the host's resynchronisation
                    }
                    hungUp.complete(true);
                } catch (IOException e) {
                    hungUp.completeExceptionally(e);
                }
            });
            guest.setDaemon(true);
            guest.start();
            assertThatThrownBy(() -> ConsoleClient.connect("unix:" + socket, Duration.ofSeconds(5)))
                    .isInstanceOf(IOException.class).hasMessageContaining("guest console closed");
            assertThat(hungUp.get(10, TimeUnit.SECONDS)).as("the host hung up").isTrue();
        }
    }
}
