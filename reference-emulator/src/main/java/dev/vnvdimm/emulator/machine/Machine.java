package dev.vnvdimm.emulator.machine;

import dev.vnvdimm.emulator.config.MachineConfig;
import dev.vnvdimm.emulator.dimm.DeviceMemoryRegion;
import dev.vnvdimm.emulator.dimm.DimmDevice;
import dev.vnvdimm.emulator.dimm.MemoryDeviceInfo;
import dev.vnvdimm.emulator.dimm.Nvdimm;
import dev.vnvdimm.emulator.hostmem.HostMemoryBackend;
import dev.vnvdimm.emulator.hostmem.MappedMemory;
import dev.vnvdimm.emulator.memory.GuestMemoryMap;
import dev.vnvdimm.emulator.memory.IoPortBus;
import dev.vnvdimm.emulator.vmstate.Snapshottable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A built machine: its memory backends, RAM, device-memory window and DIMMs, guest-physical memory map
 * and I/O ports. Built by {@link MachineFactory} from a QEMU command line; {@link #close()} powers it off
 * and unmaps everything (data written through {@code share=on} file backends stays in the files).
 */
public final class Machine implements AutoCloseable {
    private final MachineConfig config;
    private final MachineSettings settings;
    private final Map<String, HostMemoryBackend> backends;
    private final List<NumaNode> numaNodes;
    private final List<MappedMemory> ownedRam;
    private final Optional<DeviceMemoryRegion> deviceMemory;
    private final List<DimmDevice> dimms;
    private final GuestMemoryMap memoryMap;
    private final IoPortBus ioPorts;
    private final Optional<NvdimmAcpi> nvdimmAcpi;
    private final List<String> warnings;
    private final VcpuGate vcpu = new VcpuGate();
    private boolean closed;

    Machine(MachineConfig config, MachineSettings settings, Map<String, HostMemoryBackend> backends,
            List<NumaNode> numaNodes, List<MappedMemory> ownedRam, Optional<DeviceMemoryRegion> deviceMemory,
            List<DimmDevice> dimms, GuestMemoryMap memoryMap, IoPortBus ioPorts, Optional<NvdimmAcpi> nvdimmAcpi,
            List<String> warnings) {
        this.config = config;
        this.settings = settings;
        this.backends = Collections.unmodifiableMap(new LinkedHashMap<>(backends));
        this.numaNodes = List.copyOf(numaNodes);
        this.ownedRam = List.copyOf(ownedRam);
        this.deviceMemory = deviceMemory;
        this.dimms = new ArrayList<>(dimms);
        this.memoryMap = memoryMap;
        this.ioPorts = ioPorts;
        this.nvdimmAcpi = nvdimmAcpi;
        this.warnings = List.copyOf(warnings);
    }

    public MachineConfig config() {
        return config;
    }

    public MachineSettings settings() {
        return settings;
    }

    public MachineType type() {
        return settings.type();
    }

    public Map<String, HostMemoryBackend> backends() {
        return backends;
    }

    public Optional<HostMemoryBackend> backend(String id) {
        return Optional.ofNullable(backends.get(id));
    }

    public List<NumaNode> numaNodes() {
        return numaNodes;
    }

    public Optional<DeviceMemoryRegion> deviceMemory() {
        return deviceMemory;
    }

    public List<DimmDevice> dimms() {
        return List.copyOf(dimms);
    }

    public List<Nvdimm> nvdimms() {
        return dimms.stream().filter(Nvdimm.class::isInstance).map(Nvdimm.class::cast).toList();
    }

    public Optional<DimmDevice> dimm(String id) {
        return dimms.stream().filter(d -> d.id().filter(id::equals).isPresent()).findFirst();
    }

    public GuestMemoryMap memoryMap() {
        return memoryMap;
    }

    public IoPortBus ioPorts() {
        return ioPorts;
    }

    /** The NVDIMM ACPI state (FIT buffer, DSM handler) when the machine has {@code nvdimm=on}. */
    public Optional<NvdimmAcpi> nvdimmAcpi() {
        return nvdimmAcpi;
    }

    /** The devices whose state a migration carries besides RAM, each under its own id. */
    public List<Snapshottable> devicesWithState() {
        return nvdimmAcpi.<List<Snapshottable>>map(a -> List.of(a.fit())).orElse(List.of());
    }

    /** Whether the guest may run; paused by QMP stop and by migration's stop-and-copy. */
    public VcpuGate vcpu() {
        return vcpu;
    }

    /** Warnings QEMU would have printed while building (e.g. {@code pmem=on} on a non-DAX file). */
    public List<String> warnings() {
        return warnings;
    }

    /** What {@code query-memory-devices} returns, in plug order. */
    public List<MemoryDeviceInfo> memoryDevices() {
        return dimms.stream().map(DimmDevice::info).toList();
    }

    /**
     * One RAM block as migration sees it: QEMU names a backend's block by the backend id, and anonymous main
     * RAM {@code pc.ram}.
     */
    public record RamBlock(String id, MappedMemory memory, Optional<HostMemoryBackend> backend) {
    }

    /**
     * Every RAM block: main RAM when it is anonymous, then every backend that guest memory uses (a DIMM's
     * memdev, a NUMA node's memdev, the machine's memory-backend), in command-line order. As in QEMU, a backend
     * that nothing maps is no RAM block: a destination that only declares one does not know the block.
     */
    public List<RamBlock> ramBlocks() {
        List<RamBlock> out = new ArrayList<>();
        for (MappedMemory m : ownedRam) {
            out.add(new RamBlock("pc.ram", m, Optional.empty()));
        }
        Set<HostMemoryBackend> used = new HashSet<>();
        dimms().forEach(d -> used.add(d.memdev()));
        numaNodes().forEach(n -> n.memdev().ifPresent(used::add));
        config().machine().get("memory-backend").map(backends::get).ifPresent(used::add);
        for (HostMemoryBackend b : backends.values()) {
            if (used.contains(b)) {
                out.add(new RamBlock(b.id(), b.memory(), Optional.of(b)));
            }
        }
        return out;
    }

    /** Writes every file-backed backend back to its file. */
    public void sync() {
        for (HostMemoryBackend b : backends.values()) {
            if (b.shared() && !b.isReadOnly()) {
                b.sync(0, b.size());
            }
        }
    }

    /** HMP {@code info memory-devices}. */
    public String infoMemoryDevices() {
        StringBuilder sb = new StringBuilder();
        for (MemoryDeviceInfo i : memoryDevices()) {
            sb.append(i.toHmp());
        }
        return sb.toString();
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** Powers off: unmaps RAM and every backend (with {@code discard-data} where asked). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (HostMemoryBackend b : backends.values()) {
            b.close();
        }
        for (MappedMemory m : ownedRam) {
            m.close();
        }
    }
}
