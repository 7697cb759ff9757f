package dev.vnvdimm.emulator.dimm;

import dev.vnvdimm.emulator.QemuError;
import dev.vnvdimm.emulator.hostmem.HostMemoryBackend;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code nvdimm}: persistent memory from a backend, with an optional namespace label area at the end
 * of it (QEMU hw/mem/nvdimm.c). The guest sees {@code ALIGN_DOWN(backend size - label-size, alignment)}
 * bytes of PMEM; the label area is reachable only through the DSM interface.
 */
public final class Nvdimm extends DimmDevice {
    /** QEMU's MIN_NAMESPACE_LABEL_SIZE: 128 KiB. */
    public static final long MIN_LABEL_SIZE = 128L << 10;

    private final long labelSize;
    private final boolean unarmed;
    private final UUID uuid;
    private long pmemSize = -1;
    private Optional<LabelArea> labelArea = Optional.empty();

    /**
     * @param memdev    the backend, or null when the command line named none (reported at plug time)
     * @param labelSize 0 for no label area
     */
    public Nvdimm(Optional<String> id, HostMemoryBackend memdev, int node, long labelSize, boolean unarmed, UUID uuid) {
        super(id, memdev, node);
        this.labelSize = labelSize;
        this.unarmed = unarmed;
        this.uuid = uuid;
    }

    /** Computes the PMEM size and places the label area, with QEMU's checks in QEMU's order. */
    @Override
    public long prepareMemoryRegion() {
        HostMemoryBackend memdev = requireMemdev();
        long backendSize = memdev.size();
        long align = memdev.alignment();
        long pmem = backendSize > labelSize ? (backendSize - labelSize) & -align : 0;
        if (backendSize <= labelSize || pmem == 0) {
            throw new QemuError(String.format(
                    "the size of memdev %s (0x%x) is too small to contain nvdimm label (0x%x) and aligned PMEM (0x%x)",
                    memdev.id(), backendSize, labelSize, align));
        }
        if (!unarmed && memdev.isReadOnly()) {
            throw new QemuError("'unarmed' property must be 'on' since memdev " + memdev.id() + " is read-only");
        }
        this.pmemSize = pmem;
        this.labelArea = labelSize == 0 ? Optional.empty() : Optional.of(new LabelArea(memdev, labelSize));
        return pmem;
    }

    @Override
    public String typeName() {
        return "nvdimm";
    }

    @Override
    public String memoryDeviceType() {
        return "nvdimm";
    }

    @Override
    public long size() {
        if (pmemSize < 0) {
            throw new IllegalStateException("nvdimm " + displayId() + " is not plugged yet");
        }
        return pmemSize;
    }

    public long labelSize() {
        return labelSize;
    }

    public Optional<LabelArea> labelArea() {
        return labelArea;
    }

    /** NFIT memory-device flag NOT_ARMED: the guest must treat the device as read-only. */
    public boolean unarmed() {
        return unarmed;
    }

    /** True when the backend is ROM; label writes are then refused. */
    public boolean isReadOnly() {
        return memdev().isReadOnly();
    }

    public UUID uuid() {
        return uuid;
    }

    /** The NFIT device handle QEMU assigns: slot + 1. */
    public int nfitHandle() {
        return slot() + 1;
    }
}
