package dev.vnvdimm.harness.targets.reference;

import dev.vnvdimm.abi.acpi.AcpiTableWalker;
import dev.vnvdimm.abi.dsm.DsmNotifyPort;
import dev.vnvdimm.abi.qemu.CommandLineTokenizer;
import dev.vnvdimm.emulator.dimm.DimmDevice;
import dev.vnvdimm.emulator.dimm.LabelArea;
import dev.vnvdimm.emulator.dimm.MemoryDeviceInfo;
import dev.vnvdimm.emulator.dimm.Nvdimm;
import dev.vnvdimm.emulator.firmware.Firmware;
import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.emulator.memory.GuestMemoryMap;
import dev.vnvdimm.emulator.qmp.MachineMonitor;
import dev.vnvdimm.emulator.qmp.QmpError;
import dev.vnvdimm.emulator.qmp.QmpMonitor;
import dev.vnvdimm.emulator.qmp.RunState;
import dev.vnvdimm.guest.ReferenceGuest;
import dev.vnvdimm.guest.ndctl.CommandResult;
import dev.vnvdimm.harness.model.MemoryDevice;
import dev.vnvdimm.harness.targets.GuestReadFitTap;
import dev.vnvdimm.harness.targets.GuestSession;
import dev.vnvdimm.harness.targets.MachineUnderTest;
import dev.vnvdimm.system.EmulatorInstance;
import dev.vnvdimm.system.MachinePlatform;
import dev.vnvdimm.system.ReferenceSystem;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A reference-emulator machine seen through {@link MachineUnderTest}. */
public final class ReferenceMachine implements MachineUnderTest, GuestReadFitTap {
    private final Machine machine;
    private MachineMonitor monitor;
    private volatile ReadFitTapPlatform guestPlatform;

    public ReferenceMachine(Machine machine) {
        this.machine = machine;
    }

    public Machine machine() {
        return machine;
    }

    @Override
    public List<MemoryDevice> memoryDevices() {
        return machine.memoryDevices().stream().map(ReferenceMachine::memoryDevice).toList();
    }

    private static MemoryDevice memoryDevice(MemoryDeviceInfo d) {
        return new MemoryDevice(d.type(), d.id(), d.addr(), d.slot(), d.node(), d.size(), d.memdev(),
                d.hotplugged(), d.hotpluggable());
    }

    @Override
    public void writeDeviceMemory(String deviceId, long offset, byte[] data) {
        DimmDevice d = dimm(deviceId);
        machine.memoryMap().write(d.addr() + offset, data);
    }

    @Override
    public byte[] readDeviceMemory(String deviceId, long offset, int length) {
        return machine.memoryMap().read(dimm(deviceId).addr() + offset, length);
    }

    @Override
    public long labelAreaSize(String deviceId) {
        return nvdimm(deviceId).labelArea().map(LabelArea::size).orElse(0L);
    }

    @Override
    public Optional<Long> labelAreaOffsetInBackend(String deviceId) {
        return nvdimm(deviceId).labelArea().map(LabelArea::offsetInBackend);
    }

    @Override
    public Map<String, byte[]> acpiTables() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (AcpiTableWalker.FoundTable t : Firmware.walk(machine).tables()) {
            String name = t.signature();
            for (int n = 2; out.containsKey(name); n++) {
                name = t.signature() + n;
            }
            out.put(name, t.bytes());
        }
        return out;
    }

    @Override
    public byte[] dsmRoundTrip(long pageAddress, byte[] request, int replyBytes) {
        machine.memoryMap().write(pageAddress, request);
        machine.ioPorts().write(DsmNotifyPort.ADDRESS, DsmNotifyPort.LENGTH, pageAddress);
        return machine.memoryMap().read(pageAddress, replyBytes);
    }

    /** The emulator's own monitor on this machine, made on first use (most scenarios never ask). */
    @Override
    public synchronized String humanMonitorCommand(String commandLine) {
        if (monitor == null) {
            monitor = new MachineMonitor(machine, new QmpMonitor(EmulatorInstance.QEMU_VERSION_MODELLED),
                    RunState.RUNNING);
        }
        try {
            return monitor.humanMonitorCommand(commandLine);
        } catch (QmpError e) {
            throw new IllegalStateException("HMP refused '" + commandLine + "': " + e.desc(), e);
        }
    }

    @Override
    public GuestSession bootGuest(Path workingDirectory) {
        ReadFitTapPlatform platform = new ReadFitTapPlatform(new MachinePlatform(machine));
        ReferenceGuest guest = ReferenceGuest.boot(platform, workingDirectory);
        guestPlatform = platform;
        return new GuestSession() {
            @Override
            public dev.vnvdimm.harness.model.CommandResult run(String commandLine) {
                CommandResult r = guest.run(CommandLineTokenizer.split(commandLine));
                return new dev.vnvdimm.harness.model.CommandResult(r.exitCode(), r.stdout(), r.stderr());
            }

            @Override
            public String kernelLog() {
                return guest.log().text();
            }
        };
    }

    @Override
    public void afterNextReadFitFromStart(Runnable action) {
        tap().afterNextReadFitFromStart(action);
    }

    @Override
    public List<ReadFit> readFits() {
        return tap().readFits();
    }

    @Override
    public List<Throwable> failures() {
        return guestPlatform == null ? List.of() : guestPlatform.failures();
    }

    private ReadFitTapPlatform tap() {
        if (guestPlatform == null) {
            throw new IllegalStateException("boot the guest first: the tap is on its platform");
        }
        return guestPlatform;
    }

    @Override
    public List<String> warnings() {
        return machine.warnings();
    }

    @Override
    public String memoryMapText() {
        StringBuilder sb = new StringBuilder();
        for (GuestMemoryMap.Region r : machine.memoryMap().regions()) {
            sb.append(String.format("%016x-%016x  %-22s %s%n", r.base(), r.end() - 1, r.kind(), r.name()));
        }
        return sb.toString();
    }

    @Override
    public Optional<List<MemoryRegion>> memoryMapRegions() {
        return Optional.of(machine.memoryMap().regions().stream()
                .map(r -> new MemoryRegion(r.name(), r.kind().name(), r.base(), r.size())).toList());
    }

    @Override
    public void close() {
        machine.close();
    }

    private DimmDevice dimm(String id) {
        return machine.dimm(id).orElseThrow(() -> new IllegalArgumentException("no memory device with id '" + id + "'"));
    }

    private Nvdimm nvdimm(String id) {
        if (dimm(id) instanceof Nvdimm n) {
            return n;
        }
        throw new IllegalArgumentException("device '" + id + "' is not an nvdimm");
    }
}
