package dev.vnvdimm.emulator.dimm;

import dev.vnvdimm.emulator.hostmem.HostMemoryBackend;
import java.util.Optional;

/** {@code pc-dimm}: volatile RAM from a backend, plugged into the device-memory region. */
public final class PcDimm extends DimmDevice {
    public PcDimm(Optional<String> id, HostMemoryBackend memdev, int node) {
        super(id, memdev, node);
    }

    @Override
    public String typeName() {
        return "pc-dimm";
    }

    @Override
    public String memoryDeviceType() {
        return "dimm";
    }

    @Override
    public long size() {
        return memdev().size();
    }
}
