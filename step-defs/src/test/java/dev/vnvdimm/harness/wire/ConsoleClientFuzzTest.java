package dev.vnvdimm.harness.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vnvdimm.abi.console.ConsoleProtocol;
import dev.vnvdimm.harness.model.CommandResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The harness's end of a guest console facing a guest that says anything: a fake guest on a unix socket sends the
 * fuzzer's bytes and ends its output, and the {@link ConsoleClient} connects and runs a few commands. Each step
 * gives a well-formed result or an {@link IOException} saying the console broke — never a wait that runs into its
 * timeout (the guest's output has ended, so every wait must end with it), never any other exception — and the
 * results are the replies {@link ConsoleProtocol} reads from the same bytes, in order (fewer only when the bytes
 * hold Linux's panic words, on which the client gives up).
 *
 * <p>Run it alone ({@code -Dtest=ConsoleClientFuzzTest}): step-defs' other tests start QEMU. Regression inputs:
 * {@code src/test/resources/dev/vnvdimm/harness/wire/ConsoleClientFuzzTestInputs/aGuestSayingAnything/}.
 */
class ConsoleClientFuzzTest {
    private static final List<String> COMMANDS = List.of("ndctl list -N", "ndctl read-labels nmem0 -j", "true");
    /** Far longer than a read of a few KiB from a local socket takes: a wait that ends here is a hang. */
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final Path SOCKET;
    private static final ServerSocketChannel SERVER;
    private static final ExecutorService GUEST = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fuzzed-guest-console");
        t.setDaemon(true);
        return t;
    });

    static {
        try {
            SOCKET = Files.createTempDirectory("console-fuzz").resolve("console");
            SOCKET.toFile().deleteOnExit();
            SOCKET.getParent().toFile().deleteOnExit();
            SERVER = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            SERVER.bind(UnixDomainSocketAddress.of(SOCKET));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "30s")
    @DictionaryEntries({"#vnvdimm ready", "#vnvdimm stdout ", "#vnvdimm stderr ", "#vnvdimm exit ",
            "Kernel panic - not syncing", "vnvdimm-init: "})
    void aGuestSayingAnything(byte[] said) throws Exception {
        Future<?> guest = GUEST.submit(() -> {
            try (SocketChannel c = SERVER.accept()) {
                c.write(ByteBuffer.wrap(said));
                c.shutdownOutput();
                ByteBuffer sink = ByteBuffer.allocate(4096);
                while (c.read(sink.clear()) >= 0) {
                    // what the host sends (its resynchronisation, its commands) until it hangs up
                }
            }
            return null;
        });
        List<CommandResult> results = new ArrayList<>();
        boolean broke = false;
        try (ConsoleClient client = ConsoleClient.connect("unix:" + SOCKET, PATIENCE)) {
            for (String command : COMMANDS) {
                results.add(client.run(command, PATIENCE));
            }
        } catch (IOException e) {
            assertThat(e.getMessage()).as("the client waited for output that had ended")
                    .satisfiesAnyOf(m -> assertThat(m).doesNotContain(" within "),
                            m -> assertThat(m).startsWith("the guest console broke"));
            broke = true;
        }
        guest.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS); // the client hung up

        List<ConsoleProtocol.Reply> replies = replies(said);
        for (CommandResult r : results) {
            assertThat(r.exitCode()).isBetween(0, 255);
        }
        assertThat(results).as("the client's results are the replies on the wire, in order")
                .isEqualTo(replies.subList(0, results.size()).stream()
                        .map(p -> new CommandResult(p.exitCode(), p.stdout(), p.stderr())).toList());
        if (results.size() < Math.min(replies.size(), COMMANDS.size())) {
            assertThat(broke).isTrue();
            assertThat(new String(said, StandardCharsets.ISO_8859_1)).as("why the client gave up early")
                    .contains(ConsoleClient.KERNEL_PANIC);
        }
    }

    /** The replies after the first "ready", read straight from the bytes. */
    private static List<ConsoleProtocol.Reply> replies(byte[] said) {
        List<ConsoleProtocol.Reply> out = new ArrayList<>();
        InputStream in = new ByteArrayInputStream(said);
        try {
            ConsoleProtocol.awaitReady(in);
            while (out.size() < COMMANDS.size()) {
                out.add(ConsoleProtocol.readReply(in));
            }
        } catch (IOException end) {
            // the bytes end or break here
        }
        return out;
    }
}
