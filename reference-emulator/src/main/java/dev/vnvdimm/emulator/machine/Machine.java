package dev.vnvdimm.emulator.machine;

import dev.vnvdimm.emulator.acpipm.GpeBlock;
import dev.vnvdimm.emulator.acpipm.SciLine;
import dev.vnvdimm.emulator.config.MachineConfig;
import dev.vnvdimm.emulator.dimm.DeviceMemoryRegion;
import dev.vnvdimm.emulator.dimm.DimmDevice;
import dev.vnvdimm.emulator.dimm.DimmPlugger;
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
 * A machine: its memory backends, RAM, device-memory window and DIMMs, guest-physical memory map, I/O ports and
 * ACPI PM hardware. Built by {@link MachineFactory} from a QEMU command line; it grows at run time when
 * {@link MemoryHotplug} adds backends and DIMMs, so its lists are safe to read from any thread while that happens.
 * {@link #close()} powers it off and unmaps everything (data written through {@code share=on} file backends
 * stays in the files).
 */
public final class Machine implements AutoCloseable {
    private final MachineConfig config;
    private final MachineSettings settings;
    /** Guarded by itself; in creation order, which is the RAM blocks' order. */
    private final Map<String, HostMemoryBackend> backends;
    private final List<NumaNode> numaNodes;
    private final List<MappedMemory> ownedRam;
    private final Optional<DeviceMemoryRegion> deviceMemory;
    private final DimmState dimmState;
    private final GuestMemoryMap memoryMap;
    private final IoPortBus ioPorts;
    private final Optional<NvdimmAcpi> nvdimmAcpi;
    private final GpeBlock gpe;
    private final SystemReset reset;
    private final List<String> warnings;
    private final VcpuGate vcpu = new VcpuGate();
    private final MemoryHotplug hotplug;
    private boolean closed;

    /**
     * The DIMM side of the machine that a hot plug changes: the plugger (slots, device memory), the plugged DIMMs
     * (a copy-on-write list: readers never lock) and every device id taken.
     */
    record DimmState(DimmPlugger plugger, List<DimmDevice> dimms, Set<String> deviceIds) {
    }

    Machine(MachineConfig config, MachineSettings settings, Map<String, HostMemoryBackend> backends,
            List<NumaNode> numaNodes, List<MappedMemory> ownedRam, Optional<DeviceMemoryRegion> deviceMemory,
            DimmState dimmState, GuestMemoryMap memoryMap, IoPortBus ioPorts, Optional<NvdimmAcpi> nvdimmAcpi,
            GpeBlock gpe, SystemReset reset, List<String> warnings) {
        this.config = config;
        this.settings = settings;
        this.backends = new LinkedHashMap<>(backends);
        this.numaNodes = List.copyOf(numaNodes);
        this.ownedRam = List.copyOf(ownedRam);
        this.deviceMemory = deviceMemory;
        this.dimmState = dimmState;
        this.memoryMap = memoryMap;
        this.ioPorts = ioPorts;
        this.nvdimmAcpi = nvdimmAcpi;
        this.gpe = gpe;
        this.reset = reset;
        this.warnings = warnings; // the factory's list: the plugger's warnings at a hot plug land here too
        this.hotplug = new MemoryHotplug(this);
    }

    /** The guest-physical region a plugged DIMM occupies. */
    static GuestMemoryMap.Region region(DimmDevice dimm) {
        return new GuestMemoryMap.Region(dimm.displayId(), dimm instanceof Nvdimm ? GuestMemoryMap.Kind.NVDIMM_PMEM
                : GuestMemoryMap.Kind.PC_DIMM, dimm.addr(), dimm.size(), Optional.of(dimm.memdev().memory()), 0);
    }

    static List<Nvdimm> nvdimmsOf(List<DimmDevice> dimms) {
        return dimms.stream().filter(Nvdimm.class::isInstance).map(Nvdimm.class::cast).toList();
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

    /** The memory backends now, in creation order. */
    public Map<String, HostMemoryBackend> backends() {
        synchronized (backends) {
            return Collections.unmodifiableMap(new LinkedHashMap<>(backends));
        }
    }

    public Optional<HostMemoryBackend> backend(String id) {
        synchronized (backends) {
            return Optional.ofNullable(backends.get(id));
        }
    }

    public List<NumaNode> numaNodes() {
        return numaNodes;
    }

    public Optional<DeviceMemoryRegion> deviceMemory() {
        return deviceMemory;
    }

    /** The plugged DIMMs now, cold-plugged first, then hot-plugged in plug order. */
    public List<DimmDevice> dimms() {
        return List.copyOf(dimmState.dimms());
    }

    public List<Nvdimm> nvdimms() {
        return nvdimmsOf(dimmState.dimms());
    }

    public Optional<DimmDevice> dimm(String id) {
        return dimmState.dimms().stream().filter(d -> d.id().filter(id::equals).isPresent()).findFirst();
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

    /** The PIIX4 PM function's GPE0 block: hot-plug events are set here. */
    public GpeBlock gpe() {
        return gpe;
    }

    /** The ACPI System Control Interrupt the GPE block drives. */
    public SciLine sci() {
        return gpe.sci();
    }

    /** Adds and removes backends and DIMMs while the machine runs (QMP/HMP {@code object-add}, {@code device_add}, ...). */
    public MemoryHotplug hotplug() {
        return hotplug;
    }

    /** The devices whose state a migration carries besides RAM, each under its own id. */
    public List<Snapshottable> devicesWithState() {
        return nvdimmAcpi.<List<Snapshottable>>map(a -> List.of(a.fit())).orElse(List.of());
    }

    /** Whether the guest may run; paused by QMP stop and by migration's stop-and-copy. */
    /** Where a reset of the machine is asked for (QMP {@code system_reset}, the guest's reset). */
    public SystemReset reset() {
        return reset;
    }

    public VcpuGate vcpu() {
        return vcpu;
    }

    /** Warnings QEMU would have printed while building (e.g. {@code pmem=on} on a non-DAX file). */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** What {@code query-memory-devices} returns, in plug order. */
    public List<MemoryDeviceInfo> memoryDevices() {
        return dimmState.dimms().stream().map(DimmDevice::info).toList();
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
        for (HostMemoryBackend b : backends().values()) {
            if (used.contains(b)) {
                out.add(new RamBlock(b.id(), b.memory(), Optional.of(b)));
            }
        }
        return out;
    }

    /** Writes every file-backed backend back to its file. */
    public void sync() {
        for (HostMemoryBackend b : backends().values()) {
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

    // What MemoryHotplug changes, under its lock.

    DimmState dimmState() {
        return dimmState;
    }

    List<String> warningSink() {
        return warnings;
    }

    void addBackend(HostMemoryBackend b) {
        synchronized (backends) {
            backends.put(b.id(), b);
        }
    }

    void removeBackend(HostMemoryBackend b) {
        synchronized (backends) {
            backends.remove(b.id());
        }
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
        for (HostMemoryBackend b : backends().values()) {
            b.close();
        }
        for (MappedMemory m : ownedRam) {
            m.close();
        }
    }
}
