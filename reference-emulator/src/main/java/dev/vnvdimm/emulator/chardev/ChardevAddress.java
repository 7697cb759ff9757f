package dev.vnvdimm.emulator.chardev;

import dev.vnvdimm.emulator.QemuError;
import dev.vnvdimm.emulator.config.QemuOpts;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A character-device address in QEMU's short form, as {@code -qmp} and {@code -serial} take it:
 * {@code unix:PATH[,server=on][,wait=off]} or {@code tcp:HOST:PORT[,server=on][,wait=off]}. The kit listens
 * (server mode) and never waits for a client before starting.
 */
public record ChardevAddress(String text, Optional<Path> unixPath, Optional<InetSocketAddress> tcp) {

    public static ChardevAddress parse(String option, String text) {
        QemuOpts o = QemuOpts.parse(option, text, "address");
        String address = o.require("address");
        boolean server = o.bool("server", false);
        o.bool("wait", true);
        o.rejectUnknown("chardev");
        if (!server) {
            throw o.error("only server mode is supported: add ',server=on,wait=off'");
        }
        if (address.startsWith("unix:")) {
            return new ChardevAddress(text, Optional.of(Path.of(address.substring(5))), Optional.empty());
        }
        if (address.startsWith("tcp:")) {
            String hostPort = address.substring(4);
            int colon = hostPort.lastIndexOf(':');
            if (colon < 0) {
                throw o.error("tcp address '" + hostPort + "' needs a port");
            }
            String host = hostPort.substring(0, colon);
            try {
                int port = Integer.parseInt(hostPort.substring(colon + 1));
                return new ChardevAddress(text, Optional.empty(),
                        Optional.of(new InetSocketAddress(host.isEmpty() ? "127.0.0.1" : host, port)));
            } catch (NumberFormatException e) {
                throw o.error("tcp address '" + hostPort + "' has no numeric port");
            }
        }
        throw new QemuError(option + " " + text, "'" + address + "' is not a supported address (unix:PATH or tcp:HOST:PORT)");
    }

    public SocketAddress socketAddress() {
        return unixPath.<SocketAddress>map(UnixDomainSocketAddress::of).orElseGet(tcp::orElseThrow);
    }
}
