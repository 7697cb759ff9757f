package dev.vnvdimm.harness.targets.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnvdimm.abi.console.ConsoleProtocol;
import dev.vnvdimm.abi.qemu.CommandLineTokenizer;
import dev.vnvdimm.harness.model.CommandResult;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Linux guest image's console after a host left part of a command line behind, as a migration that pauses
 * the source mid-line does: the next host's connection drops the fragment instead of completing it into a
 * command, and the guest answers that host's commands.
 */
class LinuxGuestConsoleTest {
    @TempDir
    Path dir;

    @Test
    void aFragmentLeftOnTheLineIsDroppedWhenTheNextHostConnects() throws Exception {
        var qemu = QemuBinary.find(Optional.empty());
        Assumptions.assumeTrue(qemu.isPresent(), "qemu-system-x86_64 is not installed (Debian: apt-get install qemu-system-x86)");
        Assumptions.assumeTrue(LinuxGuestImage.missingTool().isEmpty(),
                () -> "the Linux guest image cannot be built: " + LinuxGuestImage.missingTool().orElse(""));
        try (QemuProcess guest = QemuProcess.start(new LocalQemuLauncher(qemu.get()), LinuxGuestImage.selected(Optional.empty()),
                "guest", CommandLineTokenizer.split("-machine pc -m 256M"), dir)) {
            Path socket = dir.resolve("guest.console");
            try (SocketChannel first = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                first.connect(UnixDomainSocketAddress.of(socket));
                InputStream in = Channels.newInputStream(first);
                first.write(ByteBuffer.wrap("\n".getBytes(StandardCharsets.US_ASCII)));
                ConsoleProtocol.awaitReady(in);
                // the first part of a command that would create a file, then the line goes quiet
                first.write(ByteBuffer.wrap("touch /tmp/frag".getBytes(StandardCharsets.US_ASCII)));
                Thread.sleep(500);
            }
            CommandResult r = guest.console().run("echo whole; ls /tmp", Duration.ofSeconds(30));
            assertThat(r.exitCode()).isZero();
            assertThat(r.stdout()).startsWith("whole\n").doesNotContain("frag");
        }
    }
}
