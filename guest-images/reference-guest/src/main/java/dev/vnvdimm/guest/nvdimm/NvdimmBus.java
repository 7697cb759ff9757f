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
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The guest's NVDIMM bus, probed in Linux's order (drivers/acpi/nfit/core.c, spec notes §6.1): find the
 * ACPI0012 root device; take the NFIT's structures from {@code _FIT} when it returns any, else from the static
 * table; match each memory device to the child of the root whose {@code _ADR} is its handle; find its
 * command family with function-0 queries for each family UUID, then which functions it offers; query the
 * root's functions; and, for a DIMM offering label functions, read its label area through {@code _DSM}.
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

    private final List<Nmem> nmems;
    private final List<Region> regions;
    private final Optional<NamespaceNode> root;
    private final DsmCaller dsm;

    private NvdimmBus(List<Nmem> nmems, List<Region> regions, Optional<NamespaceNode> root, DsmCaller dsm) {
        this.nmems = List.copyOf(nmems);
        this.regions = List.copyOf(regions);
        this.root = root;
        this.dsm = dsm;
    }

    public List<Nmem> nmems() {
        return nmems;
    }

    public List<Region> regions() {
        return regions;
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
        if (root.isEmpty()) {
            return new NvdimmBus(List.of(), List.of(), root, dsm);
        }
        List<NfitStructure> nfit = nfitStructures(aml, root.get(), tables, log);
        if (nfit.isEmpty()) {
            log.warn(ROOT_DEV, "failed to find NFIT at startup");
            return new NvdimmBus(List.of(), List.of(), root, dsm);
        }
        String persistence = persistenceDomain(nfit);
        List<Nmem> nmems = new ArrayList<>();
        List<Region> regions = new ArrayList<>();
        for (NfitStructure s : nfit) {
            if (!(s instanceof NfitStructure.MemoryDeviceMap map)) {
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
            regions.add(new Region(regions.size(), spa, nmem, persistence));
        }
        probeRoot(dsm, root.get());
        return new NvdimmBus(nmems, regions, root, dsm);
    }

    private static Nmem probeDimm(int index, NfitStructure.MemoryDeviceMap map, NfitStructure.ControlRegion dcr,
                                  NamespaceNode device, DsmCaller dsm, KernelLog log) {
        String dev = "nmem" + index;
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
