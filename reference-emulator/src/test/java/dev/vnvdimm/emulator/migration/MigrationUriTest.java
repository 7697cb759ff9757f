package dev.vnvdimm.emulator.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vnvdimm.abi.migration.ChannelIo;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The endpoints of a migration in QEMU's URI forms, on their own: what each side opens, binds and leaves behind. */
@Timeout(60)
class MigrationUriTest {
    @TempDir
    Path dir;

    @Test
    void parsesQemusFourSchemesAtTheFirstColonAndRefusesAnyOther() throws Exception {
        assertThat(MigrationUri.parse("tcp:10.0.0.1:4444")).isEqualTo(new MigrationUri("tcp", "10.0.0.1:4444"));
        assertThat(MigrationUri.parse("unix:/run/mig.sock")).isEqualTo(new MigrationUri("unix", "/run/mig.sock"));
        assertThat(MigrationUri.parse("file:/var/vm.mig")).isEqualTo(new MigrationUri("file", "/var/vm.mig"));
        assertThat(MigrationUri.parse("exec:gzip -c > a:b.gz")).isEqualTo(new MigrationUri("exec", "gzip -c > a:b.gz"));
        for (String bad : List.of("rdma:10.0.0.1:4444", "/var/vm.mig", ":4444", "TCP:10.0.0.1:4444")) {
            assertThatThrownBy(() -> MigrationUri.parse(bad)).isInstanceOf(MigrationException.class)
                    .hasMessage("unknown migration protocol: " + bad);
        }
    }

    /** One byte each way over a connection the source opened and the destination accepted. */
    private static void exchange(MigrationUri.Connection source, MigrationUri.Connection destination)
            throws IOException {
        assertThat(source.hasReturnPath()).isTrue();
        assertThat(destination.hasReturnPath()).isTrue();
        ChannelIo.writeFully(source.out(), ByteBuffer.wrap(new byte[] {42}));
        assertThat(ChannelIo.readExactly(destination.in(), ByteBuffer.allocate(1)).get(0)).isEqualTo((byte) 42);
        ChannelIo.writeFully(destination.out(), ByteBuffer.wrap(new byte[] {7}));
        assertThat(ChannelIo.readExactly(source.in(), ByteBuffer.allocate(1)).get(0)).isEqualTo((byte) 7);
    }

    @Test
    void tcpWithoutAHostIsTheLoopbackAndWithoutAPortIsRefused() throws Exception {
        try (MigrationUri.Listener l = MigrationUri.parse("tcp::0").listen()) {
            InetSocketAddress bound = (InetSocketAddress) l.address();
            assertThat(bound.getAddress().isLoopbackAddress()).as("%s", bound).isTrue();
            try (MigrationUri.Connection source = MigrationUri.parse("tcp::" + bound.getPort()).openForWriting();
                 MigrationUri.Connection destination = l.accept()) {
                exchange(source, destination);
            }
        }
        assertThatThrownBy(() -> MigrationUri.parse("tcp:localhost").listen()).isInstanceOf(MigrationException.class)
                .hasMessage("tcp migration address 'localhost' needs a port");
    }

    @Test
    void aTcpHostIsBoundAsGiven() throws Exception {
        try (MigrationUri.Listener l = MigrationUri.parse("tcp:127.0.0.2:0").listen()) {
            assertThat(((InetSocketAddress) l.address()).getAddress().getHostAddress()).isEqualTo("127.0.0.2");
        }
    }

    private static void assertRefused(SocketAddress address) {
        assertThatThrownBy(() -> SocketChannel.open(address).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void aDestinationTakesOneSourceAndThenNoLongerListens() throws Exception {
        try (MigrationUri.Listener l = MigrationUri.parse("tcp:127.0.0.1:0").listen()) {
            SocketAddress address = l.address();
            try (MigrationUri.Connection source = MigrationUri.parse("tcp:127.0.0.1:"
                    + ((InetSocketAddress) address).getPort()).openForWriting();
                 MigrationUri.Connection destination = l.accept()) {
                assertRefused(address);
                exchange(source, destination);
            }
        }
    }

    @Test
    void bothEndsOfATcpMigrationSendSmallSectionsAtOnceWithoutNagle() throws Exception {
        try (MigrationUri.Listener l = MigrationUri.parse("tcp:127.0.0.1:0").listen()) {
            try (MigrationUri.Connection source = MigrationUri.parse("tcp:127.0.0.1:"
                    + ((InetSocketAddress) l.address()).getPort()).openForWriting();
                 MigrationUri.Connection destination = l.accept()) {
                assertThat(((SocketChannel) source.out()).getOption(StandardSocketOptions.TCP_NODELAY))
                        .isTrue();
                assertThat(((SocketChannel) destination.out()).getOption(StandardSocketOptions.TCP_NODELAY))
                        .isTrue();
            }
        }
    }

    @Test
    void closingAListenerFreesItsPortOrRemovesItsSocketFile() throws Exception {
        MigrationUri.Listener tcp = MigrationUri.parse("tcp:127.0.0.1:0").listen();
        SocketAddress address = tcp.address();
        tcp.close();
        assertRefused(address);

        Path sock = dir.resolve("mig.sock");
        MigrationUri.Listener unix = MigrationUri.parse("unix:" + sock).listen();
        assertThat(sock).exists();
        unix.close();
        assertThat(sock).doesNotExist();
    }

    @Test
    void aUnixDestinationReplacesTheSocketFileAnEarlierOneLeftBehind() throws Exception {
        Path sock = dir.resolve("mig.sock");
        try (ServerSocketChannel earlier = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            earlier.bind(UnixDomainSocketAddress.of(sock));
        }
        assertThat(sock).as("closing a unix socket leaves its file").exists();
        try (MigrationUri.Listener l = MigrationUri.parse("unix:" + sock).listen();
             MigrationUri.Connection source = MigrationUri.parse("unix:" + sock).openForWriting();
             MigrationUri.Connection destination = l.accept()) {
            exchange(source, destination);
        }
    }

    @Test
    void aFileIsWrittenAfreshWithoutAWayBackAndReadFromItsStart() throws Exception {
        Path file = dir.resolve("vm.mig");
        Files.write(file, new byte[1000]);
        try (MigrationUri.Connection c = MigrationUri.parse("file:" + file).openForWriting()) {
            assertThat(c.in()).isNull();
            assertThat(c.hasReturnPath()).isFalse();
            ChannelIo.writeFully(c.out(), ByteBuffer.wrap("stream".getBytes(StandardCharsets.US_ASCII)));
        }
        assertThat(Files.readAllBytes(file)).isEqualTo("stream".getBytes(StandardCharsets.US_ASCII));
        try (MigrationUri.Listener l = MigrationUri.parse("file:" + file).listen()) {
            assertThat(l.address()).isNull();
            try (MigrationUri.Connection c = l.accept()) {
                assertThat(c.out()).isNull();
                assertThat(c.hasReturnPath()).isFalse();
                assertThat(ChannelIo.readExactly(c.in(), ByteBuffer.allocate(6)).array())
                        .isEqualTo("stream".getBytes(StandardCharsets.US_ASCII));
            }
        }
    }

    private static Set<ProcessHandle> children() {
        return ProcessHandle.current().children().collect(Collectors.toCollection(HashSet::new));
    }

    /** As QEMU ends the command of an {@code exec:} incoming migration when it closes the channel. */
    @Test
    void theCommandOfAnIncomingExecMigrationDoesNotOutliveItsConnection() throws Exception {
        Path file = dir.resolve("vm.mig");
        Files.writeString(file, "stream");
        Set<ProcessHandle> before = children();
        try (MigrationUri.Listener l = MigrationUri.parse("exec:cat '" + file + "'; exec sleep 297").listen()) {
            MigrationUri.Connection c = l.accept();
            assertThat(ChannelIo.readExactly(c.in(), ByteBuffer.allocate(6)).array())
                    .isEqualTo("stream".getBytes(StandardCharsets.US_ASCII));
            Set<ProcessHandle> command = children();
            command.removeAll(before);
            assertThat(command).as("the command, still running").hasSize(1);
            ProcessHandle child = command.iterator().next();
            try {
                assertThat(child.isAlive()).isTrue();
                c.close();
                child.onExit().get(30, TimeUnit.SECONDS);
                assertThat(child.isAlive()).isFalse();
            } finally {
                child.destroyForcibly();
            }
        }
    }

    /** A command that cannot take the stream (its shell fails to create the file and exits): QEMU's words. */
    @Test
    void writingToAnExecCommandThatWentAwayFailsInQemusWords() throws Exception {
        MigrationUri.Connection c = MigrationUri.parse("exec:cat > '" + dir.resolve("missing/vm.mig") + "'")
                .openForWriting();
        try {
            assertThatThrownBy(() -> {
                ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
                for (int i = 0; i < 64; i++) { // far more than a pipe holds
                    c.out().write(chunk.clear());
                }
            }).isInstanceOf(MigrationException.class).hasMessage("Unable to write to command: Broken pipe");
        } finally {
            try {
                c.close();
            } catch (IOException e) {
                // the command exited with a failure: said already
            }
        }
    }
}
