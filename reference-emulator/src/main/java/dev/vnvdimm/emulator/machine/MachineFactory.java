package dev.vnvdimm.emulator.machine;

import dev.vnvdimm.abi.acpi.Fadt;
import dev.vnvdimm.emulator.QemuError;
import dev.vnvdimm.emulator.acpipm.GpeBlock;
import dev.vnvdimm.emulator.acpipm.SciLine;
import dev.vnvdimm.emulator.config.MachineConfig;
import dev.vnvdimm.emulator.config.QemuOpts;
import dev.vnvdimm.emulator.dimm.DeviceMemoryRegion;
import dev.vnvdimm.emulator.dimm.DimmDevice;
import dev.vnvdimm.emulator.dimm.DimmOptions;
import dev.vnvdimm.emulator.dimm.DimmPlugger;
import dev.vnvdimm.emulator.dimm.DimmSlots;
import dev.vnvdimm.emulator.hostmem.HostMemoryBackend;
import dev.vnvdimm.emulator.hostmem.MappedMemory;
import dev.vnvdimm.emulator.hostmem.MemoryBackendCreator;
import dev.vnvdimm.emulator.hostmem.Progress;
import dev.vnvdimm.emulator.memory.GuestMemoryMap;
import dev.vnvdimm.emulator.memory.IoPortBus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Builds a {@link Machine} from a QEMU command line in the order QEMU does: machine options and
 * {@code -m}, then memory backends, NUMA nodes, the board's RAM and device-memory window, then DIMMs.
 * When any step fails, everything already built is undone — mappings released and files that this
 * build created removed — and the error carries QEMU's text and the option it is about.
 */
public final class MachineFactory {
    /** One GiB: the device-memory window starts on a GiB boundary and reserves a GiB per slot for alignment. */
    static final long GIB = 1L << 30;
    /** ACPI_MAX_RAM_SLOTS. */
    public static final int MAX_RAM_SLOTS = 256;
    private static final long TARGET_PAGE = 4096;

    private final Progress progress;

    public MachineFactory(Progress progress) {
        this.progress = progress;
    }

    public Machine build(MachineConfig config) {
        List<String> warnings = new CopyOnWriteArrayList<>();
        Map<String, HostMemoryBackend> backends = new LinkedHashMap<>();
        List<MappedMemory> ownedRam = new ArrayList<>();
        try {
            MachineSettings settings = settings(config);
            MemoryBackendCreator creator = new MemoryBackendCreator(progress);
            for (QemuOpts o : config.objects()) {
                HostMemoryBackend b = creator.create(o, backends::containsKey, warnings::add);
                backends.put(b.id(), b);
            }
            List<NumaNode> nodes = numaNodes(config.numa(), backends);
            GuestMemoryMap map = new GuestMemoryMap();
            mapRam(settings, config, nodes, backends, ownedRam, map);
            if (settings.slots() > MAX_RAM_SLOTS) {
                throw new QemuError("unsupported amount of memory slots: " + settings.slots());
            }
            Optional<DeviceMemoryRegion> deviceMemory = deviceMemory(settings);
            deviceMemory.ifPresent(dm -> map.add(new GuestMemoryMap.Region("device-memory",
                    GuestMemoryMap.Kind.DEVICE_MEMORY_WINDOW, dm.base(), dm.size(), Optional.empty(), 0)));
            DimmSlots slots = new DimmSlots(settings.slots());
            DimmPlugger plugger = new DimmPlugger(settings.nvdimm(), slots, deviceMemory, nodes.size(),
                    warnings::add);
            List<DimmDevice> dimms = new CopyOnWriteArrayList<>();
            Set<String> deviceIds = new HashSet<>();
            for (QemuOpts o : config.devices()) {
                String driver = o.require("driver");
                if (!DimmOptions.isDimmDriver(driver)) {
                    throw o.error("'" + driver + "' is not a valid device model name");
                }
                // QEMU sets a device's id before any other property, so a duplicate is reported first.
                Optional<String> id = o.id();
                if (id.isPresent() && !deviceIds.add(id.get())) {
                    throw o.error("Duplicate ID '" + id.get() + "' for device");
                }
                DimmOptions dopts = DimmOptions.parse(o, backends::get);
                DimmDevice dimm = dopts.create();
                try {
                    plugger.plug(dimm, dopts.slot(), dopts.addr(), false);
                } catch (QemuError e) {
                    throw e.at(o.location());
                }
                map.add(Machine.region(dimm));
                dimms.add(dimm);
            }
            IoPortBus io = new IoPortBus();
            Optional<NvdimmAcpi> nvdimmAcpi = Optional.empty();
            if (settings.nvdimm()) {
                nvdimmAcpi = Optional.of(NvdimmAcpi.install(settings, map, io, () -> Machine.nvdimmsOf(dimms)));
            }
            GpeBlock gpe = installGpe(io);
            SystemReset reset = new SystemReset();
            io.register("i8042-command", KeyboardControllerReset.COMMAND_PORT, 1, new KeyboardControllerReset(reset));
            return new Machine(config, settings, backends, nodes, ownedRam, deviceMemory, new Machine.DimmState(
                    plugger, dimms, deviceIds), map, io, nvdimmAcpi, gpe, reset, warnings);
        } catch (RuntimeException e) {
            for (HostMemoryBackend b : backends.values()) {
                b.abandon();
            }
            for (MappedMemory m : ownedRam) {
                m.close();
            }
            throw e;
        }
    }

    /** {@code -machine}, {@code -m} and {@code -smp}, with QEMU's checks. */
    static MachineSettings settings(MachineConfig config) {
        QemuOpts m = config.machine();
        MachineType type = MachineType.named(m.require("type"));
        boolean nvdimm = false;
        Optional<String> persistence = Optional.empty();
        String oemId = "BOCHS ";
        String oemTableId = "BXPC    ";
        for (String key : m.keys()) {
            switch (key) {
                case "type", "accel", "smbios-entry-point-type", "memory-backend", "dump-guest-core",
                        "mem-merge" -> m.get(key);
                case "nvdimm" -> nvdimm = m.bool(key, false);
                case "nvdimm-persistence" -> {
                    String v = m.get(key).orElseThrow();
                    if (!v.equals("cpu") && !v.equals("mem-ctrl")) {
                        throw new QemuError("-machine nvdimm-persistence=" + v + ": unsupported option");
                    }
                    persistence = Optional.of(v);
                }
                case "oem-id" -> oemId = oemString(m, key, 6);
                case "oem-table-id" -> oemTableId = oemString(m, key, 8);
                default -> throw m.error("Property '" + type.qomTypeName() + "." + key + "' not found");
            }
        }
        QemuOpts mem = config.memory();
        long ram = mem.size("size", 1L << 20).orElse(MachineConfig.DEFAULT_RAM);
        if (ram == 0) {
            ram = MachineConfig.DEFAULT_RAM; // QEMU keeps "-m 0" working: it means the default
        }
        ram = (ram + 8191) & -8192L;
        Optional<Long> slotsOpt = mem.integer("slots", "uint64", 0, Long.MAX_VALUE);
        long slots = slotsOpt.orElse(0L);
        long maxMem = mem.size("maxmem", 1L << 20).orElse(ram);
        mem.rejectUnknown("memory");
        if (maxMem < ram) {
            throw new QemuError(String.format("invalid value of maxmem: maximum memory size (0x%x) must be at least "
                    + "the initial memory size (0x%x)", maxMem, ram));
        }
        if (mem.has("maxmem") && slots > 0 && maxMem == ram) {
            // QEMU 7.2 refuses this at -m already, before any device looks for room above RAM
            throw new QemuError(String.format("invalid value of maxmem: memory slots were specified but maximum "
                    + "memory size (0x%x) is equal to the initial memory size (0x%x)", maxMem, ram));
        }
        if (mem.has("maxmem") && maxMem % TARGET_PAGE != 0) {
            throw new QemuError("maximum memory size must by aligned to multiple of " + TARGET_PAGE + " bytes");
        }
        if (!mem.has("maxmem") && slots > 0) {
            throw new QemuError("slots specified but no max-size");
        }
        QemuOpts smp = config.smp();
        int cpus = smp.integer("cpus", "uint32", 1, 288).orElse(1L).intValue();
        for (String k : List.of("sockets", "cores", "threads", "dies", "maxcpus")) {
            smp.integer(k, "uint32", 1, 288);
        }
        smp.rejectUnknown("smp-opts");
        return new MachineSettings(type, nvdimm, persistence, oemId, oemTableId, ram,
                (int) Math.min(slots, Integer.MAX_VALUE), maxMem, cpus);
    }

    private static String oemString(QemuOpts m, String key, int width) {
        String v = m.get(key).orElseThrow();
        if (v.length() > width) {
            throw m.error("Property '" + key + "' must be at most " + width + " characters, got '" + v + "'");
        }
        return v;
    }

    /**
     * The PIIX4 PM function's GPE0 block where the FADT says it is, driving the SCI. The reference uses it on q35
     * too (real q35 has ICH9's GPE0 at PMBASE+0x20, which its firmware sets up).
     */
    private static GpeBlock installGpe(IoPortBus io) {
        Fadt.PmRegisters pm = Fadt.PmRegisters.PIIX4;
        GpeBlock gpe = new GpeBlock(pm.gpe0Block(), pm.gpe0BlockLength(), new SciLine("acpi-sci"));
        io.register("acpi-gpe0", gpe.base(), gpe.length(), gpe);
        return gpe;
    }

    private static List<NumaNode> numaNodes(List<QemuOpts> numa, Map<String, HostMemoryBackend> backends) {
        List<NumaNode> nodes = new ArrayList<>();
        Set<Integer> ids = new HashSet<>();
        for (QemuOpts o : numa) {
            String type = o.require("type");
            switch (type) {
                case "node" -> {
                    int id = o.integer("nodeid", "uint16", 0, 127).orElse((long) nodes.size()).intValue();
                    if (!ids.add(id)) {
                        throw o.error("Duplicate NUMA nodeid: " + id);
                    }
                    Optional<HostMemoryBackend> memdev = Optional.empty();
                    Optional<String> name = o.get("memdev");
                    if (name.isPresent()) {
                        HostMemoryBackend b = backends.get(name.get());
                        if (b == null) {
                            throw o.error("memdev=" + name.get() + ": memory backend not found");
                        }
                        b.markUsedBy("numa node " + id);
                        memdev = Optional.of(b);
                    }
                    if (o.has("mem")) {
                        throw o.error("Parameter -numa node,mem is not supported by this machine type\n"
                                + "Use -numa node,memdev instead");
                    }
                    o.get("cpus");
                    o.get("initiator");
                    o.rejectUnknown("numa-node");
                    nodes.add(new NumaNode(id, memdev));
                }
                case "cpu", "dist", "hmat-lb", "hmat-cache" -> o.keys().forEach(o::get);
                default -> throw o.error("Invalid parameter 'type'");
            }
        }
        nodes.sort(Comparator.comparingInt(NumaNode::nodeId));
        return nodes;
    }

    /** Lays RAM out below and above 4 GiB, from NUMA memdevs, {@code -machine memory-backend}, or anonymous memory. */
    private static void mapRam(MachineSettings s, MachineConfig config, List<NumaNode> nodes,
                               Map<String, HostMemoryBackend> backends, List<MappedMemory> ownedRam,
                               GuestMemoryMap map) {
        List<MappedMemory> pieces = new ArrayList<>();
        List<String> names = new ArrayList<>();
        boolean numaMemdevs = nodes.stream().anyMatch(n -> n.memdev().isPresent());
        Optional<String> machineBackend = config.machine().get("memory-backend");
        if (numaMemdevs) {
            long total = 0;
            for (NumaNode n : nodes) {
                HostMemoryBackend b = n.memdev().orElseThrow(() -> new QemuError(
                        "all NUMA nodes should use the memdev option, or none of them"));
                total += b.size();
                pieces.add(b.memory());
                names.add(b.id());
            }
            if (total != s.ramSize()) {
                throw new QemuError(String.format("total memory for NUMA nodes (0x%x) should equal RAM size (0x%x)",
                        total, s.ramSize()));
            }
        } else if (machineBackend.isPresent()) {
            HostMemoryBackend b = backends.get(machineBackend.get());
            if (b == null) {
                throw new QemuError("Memory backend '" + machineBackend.get() + "' not found");
            }
            if (b.size() != s.ramSize()) {
                throw new QemuError(String.format("backend '%s' size 0x%x doesn't match the RAM size 0x%x",
                        b.id(), b.size(), s.ramSize()));
            }
            b.markUsedBy("machine RAM");
            pieces.add(b.memory());
            names.add(b.id());
        } else {
            MappedMemory ram;
            try {
                ram = MappedMemory.anonymous(s.ramSize());
            } catch (MappedMemory.MapFailed e) {
                throw new QemuError("cannot set up guest memory 'pc.ram': " + e.reason());
            }
            ownedRam.add(ram);
            pieces.add(ram);
            names.add("pc.ram");
        }
        // Walk the concatenated RAM and cut it at the 4 GiB split.
        long below = s.belowFourGiB();
        long ramOffset = 0;
        for (int i = 0; i < pieces.size(); i++) {
            MappedMemory p = pieces.get(i);
            long pieceOff = 0;
            while (pieceOff < p.size()) {
                long gpa = ramOffset < below ? ramOffset : MachineType.FOUR_GIB + (ramOffset - below);
                long limit = ramOffset < below ? below - ramOffset : Long.MAX_VALUE;
                long len = Math.min(p.size() - pieceOff, limit);
                map.add(new GuestMemoryMap.Region(names.get(i) + (gpa >= MachineType.FOUR_GIB ? " (above 4G)" : ""),
                        GuestMemoryMap.Kind.RAM, gpa, len, Optional.of(p), pieceOff));
                pieceOff += len;
                ramOffset += len;
            }
        }
    }

    /** x86 {@code pc_memory_init}: the window starts at the GiB after above-4G RAM and has 1 GiB per slot spare. */
    static Optional<DeviceMemoryRegion> deviceMemory(MachineSettings s) {
        if (s.maxMem() <= s.ramSize()) {
            return Optional.empty();
        }
        long above = s.aboveFourGiB();
        long base = above > 0 ? alignUp(MachineType.FOUR_GIB + above, GIB) : MachineType.FOUR_GIB;
        long size = (s.maxMem() - s.ramSize()) + GIB * s.slots();
        return Optional.of(new DeviceMemoryRegion(base, size, s.maxMem() - s.ramSize()));
    }

    private static long alignUp(long v, long a) {
        return (v + a - 1) & -a;
    }
}
