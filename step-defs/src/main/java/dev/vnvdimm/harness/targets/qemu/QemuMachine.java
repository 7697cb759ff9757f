package dev.vnvdimm.harness.targets.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vnvdimm.abi.dsm.DsmNotifyPort;
import dev.vnvdimm.harness.model.MemoryDevice;
import dev.vnvdimm.harness.model.CommandResult;
import dev.vnvdimm.harness.targets.GuestSession;
import dev.vnvdimm.harness.targets.MachineUnderTest;
import dev.vnvdimm.harness.targets.ReportedVersions;
import dev.vnvdimm.harness.wire.QmpClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A scenario's machine on real QEMU: the monitor answers through QMP, the guest through the Linux image's
 * console. What needs no guest OS goes through the monitor: guest memory (device memory, the ACPI tables the
 * firmware left), and DSM round trips on a paused second QEMU.
 */
final class QemuMachine implements MachineUnderTest {
    private static final Duration COMMAND = Duration.ofSeconds(60);
    private final QemuProcess process;
    private final QemuLauncher qemu;
    private final LinuxGuestImage image;
    private final List<String> options;
    private final Path dir;
    private final ReportedVersions reported;
    private QemuProcess probe;
    private GdbMemoryWriter memory;

    QemuMachine(QemuProcess process, QemuLauncher qemu, LinuxGuestImage image, List<String> options, Path dir,
                ReportedVersions reported) {
        this.process = process;
        this.reported = reported;
        this.qemu = qemu;
        this.image = image;
        this.options = List.copyOf(options);
        this.dir = dir;
    }

    @Override
    public String commandLineRun() {
        return process.commandLine();
    }

    private QmpClient qmp() {
        return process.qmp();
    }

    @Override
    public List<MemoryDevice> memoryDevices() {
        try {
            List<MemoryDevice> out = new ArrayList<>();
            for (JsonNode d : qmp().execute("query-memory-devices")) {
                out.add(MemoryDevice.fromQmp(d));
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

    /**
     * Writes at the device's guest-physical address through a gdbstub started on demand with HMP
     * {@code gdbserver} (QEMU's monitor cannot write memory). Connecting pauses the guest; it runs again after the
     * write if it was running, so no guest code sees a half-written range.
     */
    @Override
    public void writeDeviceMemory(String deviceId, long offset, byte[] data) {
        long address = guestPhysical(deviceId, offset, data.length);
        Path socket = dir.resolve("machine.gdb");
        try {
            boolean running = qmp().execute("query-status").path("running").asBoolean();
            if (!Files.exists(socket)) {
                String said = qmp().hmp("gdbserver unix:" + socket + ",server=on,wait=off");
                if (!Files.exists(socket)) {
                    throw new IllegalStateException("QEMU did not start its gdbstub on " + socket + ": " + said.strip());
                }
            }
            try (GdbMemoryWriter gdb = new GdbMemoryWriter(socket)) {
                gdb.usePhysicalAddresses();
                gdb.write(address, data);
            }
            if (running) {
                qmp().execute("cont");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + data.length + " bytes at offset " + offset + " of memory "
                    + "device '" + deviceId + "' (guest-physical 0x" + Long.toHexString(address) + ")", e);
        }
    }

    /** Reads at the device's guest-physical address with HMP {@code xp}, a byte at a time in the dump. */
    @Override
    public byte[] readDeviceMemory(String deviceId, long offset, int length) {
        long address = guestPhysical(deviceId, offset, length);
        ByteArrayOutputStream out = new ByteArrayOutputStream(length);
        try {
            for (int at = 0; at < length; at += XP_CHUNK) {
                int n = Math.min(XP_CHUNK, length - at);
                String dump = qmp().hmp(String.format("xp /%dxb 0x%x", n, address + at));
                int before = out.size();
                for (String line : dump.split("\n")) {
                    int colon = line.indexOf(':');
                    for (String word : line.substring(colon + 1).trim().split("\\s+")) {
                        if (colon >= 0 && word.startsWith("0x")) {
                            out.write(Integer.parseInt(word.substring(2), 16));
                        }
                    }
                }
                if (out.size() - before != n) {
                    throw new IllegalStateException(String.format("xp /%dxb 0x%x gave %d bytes: %s", n, address + at,
                            out.size() - before, dump.strip()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + length + " bytes at offset " + offset + " of memory device '"
                    + deviceId + "'", e);
        }
        return out.toByteArray();
    }

    /** Bytes per {@code xp} dump: about 20 KiB of monitor text. */
    private static final int XP_CHUNK = 4096;

    /** The guest-physical address of {@code offset} in a memory device, once the range is known to lie inside it. */
    private long guestPhysical(String deviceId, long offset, long length) {
        MemoryDevice d = memoryDevices().stream().filter(m -> m.id().equals(deviceId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("QEMU's query-memory-devices lists no device '"
                        + deviceId + "'"));
        if (offset < 0 || length < 0 || offset + length > d.size()) {
            throw new IllegalArgumentException(String.format("%d bytes at offset %d lie outside memory device '%s' "
                    + "(%d bytes)", length, offset, deviceId, d.size()));
        }
        return d.addr() + offset;
    }

    /**
     * The tables the firmware left in guest memory, read through the monitor: no Linux boot needed (a held
     * machine is let run, and its Linux boots on in the background).
     */
    @Override
    public Map<String, byte[]> acpiTables() {
        try {
            if (runState().equals("prelaunch")) { // held (-S) before its first instruction: no firmware ran yet
                qmp().execute("cont");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cont, to let the firmware install the ACPI tables", e);
        }
        return new FirmwareAcpiTables(new MonitorMemoryReader(qmp(), dir), FIRMWARE_PATIENCE).await(() -> {
            try {
                return runState();
            } catch (IOException e) {
                return "unknown: " + e.getMessage();
            }
        });
    }

    /** SeaBIOS installs the tables in well under a second under TCG; a loaded host may slow it many times over. */
    private static final Duration FIRMWARE_PATIENCE = Duration.ofSeconds(30);

    private String runState() throws IOException {
        return qmp().execute("query-status").path("status").asText();
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
            startProbe();
            memory.write(pageAddress, Arrays.copyOf(request, 4096));
            probe.qmp().hmp(String.format("o /w 0x%x 0x%x", DsmNotifyPort.ADDRESS, pageAddress));
            String dump = probe.qmp().hmp(String.format("xp /%dxw 0x%x", (replyBytes + 3) / 4, pageAddress));
            ByteBuffer reply = ByteBuffer.allocate(replyBytes + 4).order(ByteOrder.LITTLE_ENDIAN);
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
            return Arrays.copyOf(reply.array(), replyBytes);
        } catch (IOException e) {
            Optional<Integer> exit = probe == null ? Optional.empty() : probe.exitAfterBrokenConnection();
            if (exit.isEmpty()) {
                throw new IllegalStateException("the DSM probe got no answer from a running QEMU: " + e.getMessage(), e);
            }
            throw new IllegalStateException("QEMU ended during the DSM probe: "
                    + QemuProcess.errorLine(probe.stderrText(), exit.get()), e);
        }
    }

    private void startProbe() throws IOException {
        if (probe == null) {
            List<String> options = new ArrayList<>(this.options);
            Path gdb = dir.resolve("dsm-probe.gdb");
            options.addAll(List.of("-S", "-gdb", "unix:" + gdb + ",server=on,wait=off"));
            probe = QemuProcess.start(qemu, image, "dsm-probe", options, dir);
            memory = new GdbMemoryWriter(gdb);
        }
    }

    /** HMP on the paused DSM probe (started on first use), so a hot-plug lands between two DSM requests. */
    @Override
    public String humanMonitorCommand(String commandLine) {
        try {
            startProbe();
            return probe.qmp().hmp(commandLine);
        } catch (IOException e) {
            throw new UncheckedIOException("HMP '" + commandLine + "' on the DSM probe: " + e.getMessage(), e);
        }
    }

    private CommandResult run(String commandLine) {
        try {
            return process.console().run(commandLine, COMMAND);
        } catch (IOException e) {
            throw new UncheckedIOException(consoleFailure(commandLine, e), e);
        }
    }

    /**
     * Why a guest command got no answer: when QEMU itself has ended (an assertion, a crash) its last words, so
     * the failure names the hypervisor's fault instead of a closed socket.
     */
    private String consoleFailure(String commandLine, IOException e) {
        Optional<Integer> exit = process.exitAfterBrokenConnection(); // the console closes before QEMU is reaped
        String why = exit.map(status -> "QEMU ended: " + QemuProcess.errorLine(process.stderrText(), status))
                .orElse(String.valueOf(e.getMessage()));
        return "guest command '" + commandLine + "' got no answer: " + why;
    }

    @Override
    public GuestSession bootGuest(Path workingDirectory) {
        List<String> notes;
        try {
            notes = process.console().initNotes(); // waits for the guest to be ready
        } catch (UncheckedIOException e) {
            Optional<Integer> exit = process.exitAfterBrokenConnection();
            throw exit.<RuntimeException>map(status -> new IllegalStateException("QEMU ended while the guest booted ("
                    + QemuProcess.errorLine(process.stderrText(), status) + "): " + e.getCause().getMessage(), e))
                    .orElse(e);
        }
        if (!notes.isEmpty()) { // what ndctl would print next depends on timing: no verdict can rest on it
            throw new IllegalStateException("the guest's NVDIMM probe did not finish: " + String.join("; ", notes));
        }
        reported.recordOnce("guest kernel", () -> run("uname -r").stdout());
        reported.recordOnce("guest ndctl", () -> run("ndctl --version").stdout());
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
    public Optional<List<MemoryRegion>> memoryMapRegions() {
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
