package dev.vnvdimm.guest.nvdimm;

import dev.vnvdimm.abi.acpi.AcpiTableWalker;
import dev.vnvdimm.abi.acpi.NfitParser;
import dev.vnvdimm.abi.acpi.NfitStructure;
import dev.vnvdimm.abi.dsm.IntelDsm;
import dev.vnvdimm.guest.aml.AmlInterpreter;
import dev.vnvdimm.guest.aml.runtime.AmlBuffer;
import dev.vnvdimm.guest.aml.runtime.AmlException;
import dev.vnvdimm.guest.aml.runtime.AmlInteger;
import dev.vnvdimm.guest.aml.runtime.AmlObject;
import dev.vnvdimm.guest.aml.runtime.AmlString;
import dev.vnvdimm.guest.aml.runtime.NamespaceNode;
import dev.vnvdimm.guest.kernel.KernelLog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The guest's NVDIMM bus, probed in Linux's order (drivers/acpi/nfit/core.c, spec notes §6.1): find the
 * ACPI0012 root device; take the NFIT's structures from {@code _FIT} when it returns any, else from the static
 * table; match each memory device to the child of the root whose {@code _ADR} is its handle; find its
 * command family with function-0 queries for each family UUID, then which functions it offers; query the
 * root's functions; and, for a DIMM offering label functions, read its label area through {@code _DSM}.
 * <p>
 * The bus grows when an NVDIMM is hot-plugged ({@link #update}); DIMMs are never removed (QEMU refuses
 * NVDIMM hot-unplug). Its lists are safe to read while it grows; the guest serialises updates with commands.
 */
public final class NvdimmBus {
    public static final String ROOT_HID = "ACPI0012";
    /** Linux's NVDIMM_INTEL_CMDMASK: standard functions 1..10 and Intel's 11..30. */
    static final int INTEL_CMD_MAX = 30;
    /** Functions 11 and up are queried with revision 2 (Linux's nfit_dsm_revid). */
    static final int FIRST_REVISION_2_FUNCTION = 11;
    /** The bus functions Linux queries on the root: ARS and clear-error, then the bus dsm_mask bits. */
    static final int[] ROOT_QUERIES = {1, 2, 3, 4, 1, 2, 3, 4, 5, 7, 8, 9};
    private static final String ROOT_DEV = "nfit ACPI0012:00";

    private final List<Nmem> nmems = new CopyOnWriteArrayList<>();
    private final List<Region> regions = new CopyOnWriteArrayList<>();
    private final Optional<NamespaceNode> root;
    private final DsmCaller dsm;

    private NvdimmBus(Optional<NamespaceNode> root, DsmCaller dsm) {
        this.root = root;
        this.dsm = dsm;
    }

    /** The DIMMs in number order; a read-only view that grows when a DIMM is hot-added. */
    public List<Nmem> nmems() {
        return Collections.unmodifiableList(nmems);
    }

    /** The regions in number order; a read-only view that grows when a DIMM is hot-added. */
    public List<Region> regions() {
        return Collections.unmodifiableList(regions);
    }

    public Optional<NamespaceNode> root() {
        return root;
    }

    public DsmCaller dsm() {
        return dsm;
    }

    public Optional<Nmem> nmem(String dev) {
        return nmems.stream().filter(n -> n.dev().equals(dev)).findFirst();
    }

    public Optional<Region> region(String dev) {
        return regions.stream().filter(r -> r.dev().equals(dev)).findFirst();
    }

    public Optional<Region> regionOf(Nmem nmem) {
        return regions.stream().filter(r -> r.nmem() == nmem).findFirst();
    }

    public static NvdimmBus probe(AmlInterpreter aml, AcpiTableWalker.Walk tables, KernelLog log) {
        DsmCaller dsm = new DsmCaller(aml);
        Optional<NamespaceNode> root = findRoot(aml);
        NvdimmBus bus = new NvdimmBus(root, dsm);
        if (root.isEmpty()) {
            return bus;
        }
        List<NfitStructure> nfit = nfitStructures(aml, root.get(), tables, log);
        if (nfit.isEmpty()) {
            log.warn(ROOT_DEV, "failed to find NFIT at startup");
            return bus;
        }
        bus.addNew(aml, nfit, log);
        probeRoot(dsm, root.get());
        return bus;
    }

    /**
     * Linux's {@code acpi_nfit_update_notify}, run when the firmware notifies the root device with 0x80 (an
     * NVDIMM was plugged): evaluate {@code _FIT} again and register the DIMMs and regions whose device handles
     * are new, numbered after the existing ones, which stay as they are. A {@code _FIT} that fails or does not
     * parse keeps the bus as it was, with Linux's error line.
     *
     * @return the regions added (each with its new DIMM), in number order
     */
    public List<Region> update(AmlInterpreter aml, KernelLog log) {
        if (root.isEmpty()) {
            return List.of();
        }
        AmlObject fit;
        try {
            fit = aml.evaluateChild(root.get(), "_FIT");
        } catch (AmlException e) {
            log.warn(ROOT_DEV, "failed to evaluate _FIT");
            return List.of();
        }
        if (!(fit instanceof AmlBuffer b)) {
            log.warn(ROOT_DEV, "Invalid _FIT");
            return List.of();
        }
        List<NfitStructure> nfit;
        try {
            nfit = NfitParser.parseFit(b.bytes());
        } catch (IllegalArgumentException e) {
            log.warn(ROOT_DEV, "failed to merge updated NFIT");
            return List.of();
        }
        return addNew(aml, nfit, log);
    }

    /**
     * Probes each memory device map whose handle the bus does not know yet, in the NFIT's order, and registers
     * it with its region under the next free numbers.
     */
    private List<Region> addNew(AmlInterpreter aml, List<NfitStructure> nfit, KernelLog log) {
        String persistence = persistenceDomain(nfit);
        List<Region> added = new ArrayList<>();
        for (NfitStructure s : nfit) {
            if (!(s instanceof NfitStructure.MemoryDeviceMap map)
                    || nmems.stream().anyMatch(n -> n.handle() == map.deviceHandle())) {
                continue;
            }
            Optional<NamespaceNode> device = childWithAdr(aml, root.get(), map.deviceHandle());
            if (device.isEmpty()) {
                log.warn(ROOT_DEV, String.format("no ACPI.NFIT device with _ADR %#x, disabling...", map.deviceHandle()));
                continue;
            }
            NfitStructure.ControlRegion dcr = nfit.stream().filter(NfitStructure.ControlRegion.class::isInstance)
                    .map(NfitStructure.ControlRegion.class::cast)
                    .filter(c -> c.regionIndex() == map.controlRegionIndex()).findFirst().orElse(null);
            NfitStructure.SpaRange spa = nfit.stream().filter(NfitStructure.SpaRange.class::isInstance)
                    .map(NfitStructure.SpaRange.class::cast).filter(r -> r.rangeIndex() == map.spaRangeIndex())
                    .findFirst().orElse(null);
            if (dcr == null || spa == null) {
                log.warn(ROOT_DEV, String.format("NFIT memory device %#x names a missing %s, disabling...",
                        map.deviceHandle(), dcr == null ? "control region" : "SPA range"));
                continue;
            }
            Nmem nmem = probeDimm(nmems.size(), map, dcr, device.get(), dsm, log);
            nmems.add(nmem);
            Region region = new Region(regions.size(), spa, nmem, persistence);
            regions.add(region);
            added.add(region);
        }
        return added;
    }

    /** The numbers a guest gave the DIMM with this NFIT device handle and its region. */
    public record Numbering(long handle, int nmem, int region) {
    }

    /**
     * Takes over the numbers another guest gave these DIMMs (a guest resumed after migration keeps the names
     * its source gave, which may differ from this machine's probe order when a DIMM was hot-added there).
     *
     * @throws IllegalArgumentException when a handle is not on this bus, or two DIMMs or regions would share a
     *                                  number
     */
    public void renumber(List<Numbering> numbering) {
        List<Nmem> newNmems = new ArrayList<>(nmems);
        List<Region> newRegions = new ArrayList<>(regions);
        for (Numbering n : numbering) {
            int i = indexOfHandle(newNmems, n.handle());
            if (i < 0) {
                throw new IllegalArgumentException(String.format(
                        "guest state names region%d (nmem%d, NFIT device handle %#x), which this machine does not have",
                        n.region(), n.nmem(), n.handle()));
            }
            Nmem old = newNmems.get(i);
            Nmem renamed = new Nmem(n.nmem(), old.map(), old.controlRegion(), old.device(), old.family(),
                    old.dsmMask(), old.labelStore());
            newNmems.set(i, renamed);
            for (int r = 0; r < newRegions.size(); r++) {
                Region region = newRegions.get(r);
                if (region.nmem() == old) {
                    newRegions.set(r, new Region(n.region(), region.spa(), renamed, region.persistenceDomain()));
                }
            }
        }
        newNmems.sort(Comparator.comparingInt(Nmem::index));
        newRegions.sort(Comparator.comparingInt(Region::index));
        requireDistinct(newNmems.stream().map(Nmem::dev).toList());
        requireDistinct(newRegions.stream().map(Region::dev).toList());
        nmems.clear();
        nmems.addAll(newNmems);
        regions.clear();
        regions.addAll(newRegions);
    }

    private static int indexOfHandle(List<Nmem> list, long handle) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).handle() == handle) {
                return i;
            }
        }
        return -1;
    }

    private static void requireDistinct(List<String> devs) {
        for (int i = 1; i < devs.size(); i++) {
            if (devs.get(i).equals(devs.get(i - 1))) {
                throw new IllegalArgumentException("guest state gives " + devs.get(i)
                        + " to two NVDIMMs of this machine");
            }
        }
    }

    private static Nmem probeDimm(int index, NfitStructure.MemoryDeviceMap map, NfitStructure.ControlRegion dcr,
                                  NamespaceNode device, DsmCaller dsm, KernelLog log) {
        String dev = "nmem" + index;
        if ((map.flags() & Nmem.FLAG_NOT_ARMED) != 0) {
            log.warn("nfit ACPI0012:00", "Error found in NVDIMM " + dev + " flags: not_armed");
        }
        int family = -1;
        for (int f = 0; f < DsmUuids.FAMILIES.size(); f++) {
            if (dsm.checkDsm(device, DsmUuids.FAMILIES.get(f), 1, 1)) {
                family = f;
                break;
            }
        }
        long mask = 0;
        if (family < 0) {
            log.info(dev, "unknown dimm command family");
        } else {
            UUID uuid = DsmUuids.FAMILIES.get(family);
            for (int fn = 1; fn <= INTEL_CMD_MAX; fn++) {
                int rev = family == 0 && fn >= FIRST_REVISION_2_FUNCTION ? 2 : 1;
                if (dsm.checkDsm(device, uuid, rev, 1L << fn)) {
                    mask |= 1L << fn;
                }
            }
        }
        Optional<DsmLabelStore> labels = Optional.empty();
        if (family == 0 && (mask & IntelDsm.LABEL_FUNCTIONS) == IntelDsm.LABEL_FUNCTIONS) {
            try {
                DsmLabelStore store = DsmLabelStore.open(dsm, device);
                labels = Optional.of(store);
                // Linux's DIMM driver says so (at debug level) once it has the label area's size
                log.info("nvdimm " + dev, "config data size: " + store.size());
            } catch (DsmException | AmlException e) {
                log.warn(dev, "failed to get the label area size: " + e.getMessage());
            }
        }
        return new Nmem(index, map, dcr, device, family, mask, labels);
    }

    private static void probeRoot(DsmCaller dsm, NamespaceNode root) {
        for (int fn : ROOT_QUERIES) {
            dsm.checkDsm(root, IntelDsm.ROOT_UUID, IntelDsm.REVISION_1, 1L << fn);
        }
        dsm.checkDsm(root, DsmUuids.INTEL_BUS, 1, 1);
    }

    /** {@code _FIT} when it yields structures, else the static NFIT (Linux prefers the firmware's current view). */
    private static List<NfitStructure> nfitStructures(AmlInterpreter aml, NamespaceNode root,
                                                      AcpiTableWalker.Walk tables, KernelLog log) {
        Optional<AcpiTableWalker.FoundTable> staticNfit = tables.table("NFIT");
        if (staticNfit.isEmpty()) {
            return List.of();
        }
        if (root.child("_FIT") != null) {
            try {
                AmlObject fit = aml.evaluateChild(root, "_FIT");
                if (fit instanceof AmlBuffer b && b.length() > 0) {
                    return NfitParser.parseFit(b.bytes());
                }
            } catch (AmlException | IllegalArgumentException e) {
                log.warn(ROOT_DEV, "_FIT failed, using the static NFIT: " + e.getMessage());
            }
        }
        return NfitParser.parseTable(staticNfit.get().bytes()).structures();
    }

    private static String persistenceDomain(List<NfitStructure> nfit) {
        return nfit.stream().filter(NfitStructure.PlatformCapabilities.class::isInstance)
                .map(NfitStructure.PlatformCapabilities.class::cast).findFirst()
                .map(c -> (c.capabilities() & 1) != 0 ? "cpu_cache"
                        : (c.capabilities() & 2) != 0 ? "memory_controller" : "unknown")
                .orElse("unknown");
    }

    private static Optional<NamespaceNode> findRoot(AmlInterpreter aml) {
        for (NamespaceNode d : aml.devices()) {
            NamespaceNode hid = d.child("_HID");
            if (hid == null) {
                continue;
            }
            try {
                AmlObject v = aml.evaluate(hid);
                if (v instanceof AmlString s && s.value().equals(ROOT_HID)) {
                    return Optional.of(d);
                }
            } catch (AmlException ignored) {
                // a device whose _HID fails is not the NVDIMM root
            }
        }
        return Optional.empty();
    }

    private static Optional<NamespaceNode> childWithAdr(AmlInterpreter aml, NamespaceNode root, long handle) {
        for (NamespaceNode c : root.children()) {
            NamespaceNode adr = c.child("_ADR");
            if (adr == null) {
                continue;
            }
            try {
                if (aml.evaluate(adr) instanceof AmlInteger i && i.value() == handle) {
                    return Optional.of(c);
                }
            } catch (AmlException ignored) {
                // skip a child whose _ADR fails
            }
        }
        return Optional.empty();
    }
}
