package dev.vnvdimm.harness.targets.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vnvdimm.emulator.dimm.MemoryDeviceInfo;
import dev.vnvdimm.guest.ndctl.CommandResult;
import dev.vnvdimm.harness.targets.GuestSession;
import dev.vnvdimm.harness.targets.MachineUnderTest;
import dev.vnvdimm.harness.wire.QmpClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A scenario's machine on real QEMU: the monitor answers through QMP, the guest through the Linux image's
 * console. What a guest-less reference machine does directly (writing device memory, a DSM round trip
 * without a guest) is not wired to QEMU yet and says so.
 */
final class QemuMachine implements MachineUnderTest {
    private static final Duration COMMAND = Duration.ofSeconds(60);
    private final QemuProcess process;
    private final QemuBinary qemu;
    private final LinuxGuestImage image;
    private final List<String> options;
    private final Path dir;
    private QemuProcess probe;
    private GdbMemoryWriter memory;

    QemuMachine(QemuProcess process, QemuBinary qemu, LinuxGuestImage image, List<String> options, Path dir) {
        this.process = process;
        this.qemu = qemu;
        this.image = image;
        this.options = List.copyOf(options);
        this.dir = dir;
    }

    private QmpClient qmp() {
        return process.qmp();
    }

    @Override
    public List<MemoryDeviceInfo> memoryDevices() {
        try {
            List<MemoryDeviceInfo> out = new ArrayList<>();
            for (JsonNode d : qmp().execute("query-memory-devices")) {
                JsonNode data = d.get("data");
                out.add(new MemoryDeviceInfo(d.path("type").asText(), data.path("id").asText(""),
                        data.path("addr").asLong(), data.path("slot").asInt(), data.path("node").asInt(),
                        data.path("size").asLong(), data.path("memdev").asText(), data.path("hotplugged").asBoolean(),
                        data.path("hotpluggable").asBoolean()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long qomLong(String path, String property) {
        try {
            return qmp().execute("qom-get", QmpClient.args().put("path", path).put("property", property)).asLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public long labelAreaSize(String deviceId) {
        return qomLong("/machine/peripheral/" + deviceId, "label-size");
    }

    @Override
    public Optional<Long> labelAreaOffsetInBackend(String deviceId) {
        return Optional.empty();
    }

    @Override
    public void writeDeviceMemory(String deviceId, long offset, byte[] data) {
        throw new UnsupportedOperationException("writing device memory without a guest is not wired to the qemu "
                + "target yet");
    }

    @Override
    public byte[] readDeviceMemory(String deviceId, long offset, int length) {
        throw new UnsupportedOperationException("reading device memory without a guest is not wired to the qemu "
                + "target yet");
    }

    /** The tables Linux found, read from {@code /sys/firmware/acpi/tables} in the guest. */
    @Override
    public Map<String, byte[]> acpiTables() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        CommandResult list = run("ls /sys/firmware/acpi/tables");
        for (String name : list.stdout().split("\\s+")) {
            if (name.matches("[A-Z0-9]{4}\\d*")) {
                CommandResult hex = run("od -An -v -tx1 /sys/firmware/acpi/tables/" + name);
                if (hex.exitCode() == 0) {
                    out.put(name.equals("SSDT1") ? "SSDT" : name, HexFormat.of().parseHex(hex.stdout()
                            .replaceAll("\\s", "")));
                }
            }
        }
        return out;
    }

    /**
     * The hypervisor's DSM ABI with no guest OS, as QEMU's own tests drive it: a second QEMU on the same command
     * line (and so the same backing files) kept paused for the whole scenario, so the DSM state (Read FIT's dirty
     * flag) carries from one request to the next. Each request page is written through its gdbstub, the page
     * address written to port 0x0A18 with HMP {@code o /w} (a 32-bit write), the reply read with {@code xp}.
     * A probe that kills QEMU (its label assertions) ends as an error naming QEMU's last words.
     */
    @Override
    public byte[] dsmRoundTrip(long pageAddress, byte[] request, int replyBytes) {
        try {
            if (probe == null) {
                List<String> options = new ArrayList<>(this.options);
                Path gdb = dir.resolve("dsm-probe.gdb");
                options.addAll(List.of("-S", "-gdb", "unix:" + gdb + ",server=on,wait=off"));
                probe = QemuProcess.start(qemu, image, "dsm-probe", options, dir);
                memory = new GdbMemoryWriter(gdb);
            }
            memory.write(pageAddress, java.util.Arrays.copyOf(request, 4096));
            probe.qmp().hmp(String.format("o /w 0xa18 0x%x", pageAddress));
            String dump = probe.qmp().hmp(String.format("xp /%dxw 0x%x", (replyBytes + 3) / 4, pageAddress));
            java.nio.ByteBuffer reply = java.nio.ByteBuffer.allocate(replyBytes + 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (String line : dump.split("\n")) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                for (String word : line.substring(colon + 1).trim().split("\\s+")) {
                    if (word.startsWith("0x") && reply.remaining() >= 4) {
                        reply.putInt((int) Long.parseLong(word.substring(2), 16));
                    }
                }
            }
            return java.util.Arrays.copyOf(reply.array(), replyBytes);
        } catch (IOException e) {
            String why = probe == null ? e.getMessage() : QemuProcess.errorLine(probe.stderrText(),
                    probe.exitStatus().orElse(-1));
            throw new IllegalStateException("QEMU ended during the DSM probe: " + why, e);
        }
    }

    private CommandResult run(String commandLine) {
        try {
            return process.console().run(commandLine, COMMAND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public GuestSession bootGuest(Path workingDirectory) {
        process.console(); // waits for the guest to be ready
        return new GuestSession() {
            @Override
            public CommandResult run(String commandLine) {
                return QemuMachine.this.run(commandLine);
            }

            @Override
            public String kernelLog() {
                return QemuMachine.this.run("dmesg").stdout();
            }
        };
    }

    @Override
    public List<String> warnings() {
        return process.warnings();
    }

    @Override
    public String memoryMapText() {
        try {
            return qmp().hmp("info mtree -f");
        } catch (IOException e) {
            return "(info mtree failed: " + e.getMessage() + ")";
        }
    }

    @Override
    public Optional<String> memoryMapSvg() {
        return Optional.empty();
    }

    @Override
    public void close() {
        if (probe != null) {
            try {
                memory.close();
            } catch (IOException ignored) {
                // the probe goes anyway
            }
            probe.close();
        }
        process.close();
    }
}
