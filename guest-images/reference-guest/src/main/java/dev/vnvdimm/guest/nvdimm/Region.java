package dev.vnvdimm.guest.nvdimm;

import dev.vnvdimm.abi.acpi.NfitStructure;
import dev.vnvdimm.guest.labels.InterleaveSetCookie;
import dev.vnvdimm.guest.labels.LabelVersion;
import java.util.List;

/**
 * A persistent-memory region ({@code regionN}): one NFIT SPA range and the NVDIMM mapped into it. QEMU
 * gives each NVDIMM its own SPA range, so a region has one mapping. Regions can be disabled and enabled,
 * as {@code ndctl disable-region} does; label writes need the region disabled.
 */
public final class Region {
    /** Linux's default namespace alignment for pmem regions (ndctl shows it as the region's align). */
    public static final long ALIGN = 16L << 20;

    private final int index;
    private final NfitStructure.SpaRange spa;
    private final Nmem nmem;
    private final String persistenceDomain;
    private boolean enabled = true;

    public Region(int index, NfitStructure.SpaRange spa, Nmem nmem, String persistenceDomain) {
        this.index = index;
        this.spa = spa;
        this.nmem = nmem;
        this.persistenceDomain = persistenceDomain;
    }

    public int index() {
        return index;
    }

    public String dev() {
        return "region" + index;
    }

    public NfitStructure.SpaRange spa() {
        return spa;
    }

    public Nmem nmem() {
        return nmem;
    }

    public long size() {
        return spa.rangeLength();
    }

    public long numaNode() {
        return spa.proximityDomain();
    }

    public String persistenceDomain() {
        return persistenceDomain;
    }

    public synchronized boolean enabled() {
        return enabled;
    }

    public synchronized void setEnabled(boolean on) {
        enabled = on;
    }

    /** Linux's interleave-set cookie for the region's DIMM, in the format of its label version. */
    public long isetCookie(LabelVersion version) {
        var dcr = nmem.controlRegion();
        return InterleaveSetCookie.forVersion(version, List.of(new InterleaveSetCookie.Mapping(
                nmem.map().regionOffset(), (int) dcr.serialNumber(), dcr.vendorId(), dcr.manufacturingDate(),
                dcr.manufacturingLocation())));
    }

    /** An unarmed NVDIMM makes its region read-only (Linux: {@code ro = 1}). */
    public boolean readOnly() {
        return nmem.unarmed();
    }
}
