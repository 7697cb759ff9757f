package dev.vnvdimm.emulator.hostmem;

import java.util.Optional;

/**
 * A host memory backend object ({@code -object memory-backend-*}): a named piece of host memory that a
 * DIMM, an NVDIMM or a NUMA node lends to the guest. It is mapped when created and unmapped on close.
 */
public abstract sealed class HostMemoryBackend implements AutoCloseable permits MemoryBackendFile, MemoryBackendRam {
    private final BackendOptions options;
    private final MappedMemory memory;
    private final long alignment;
    private String usedBy;

    HostMemoryBackend(BackendOptions options, MappedMemory memory, long alignment) {
        this.options = options;
        this.memory = memory;
        this.alignment = alignment;
    }

    /** The QOM type name, as in {@code -object <type>,...}. */
    public abstract String typeName();

    public String id() {
        return options.id();
    }

    /** The canonical QOM path QEMU shows as a DIMM's {@code memdev}. */
    public String canonicalPath() {
        return "/objects/" + id();
    }

    public BackendOptions options() {
        return options;
    }

    /** Size of the memory region in bytes (what the guest can address through this backend). */
    public long size() {
        return memory.size();
    }

    /** The region's alignment: max(page size, {@code align}), or the anonymous-RAM alignment. */
    public long alignment() {
        return alignment;
    }

    public boolean shared() {
        return options.share();
    }

    /** True when the guest may not write: QEMU turns a read-only file backend into ROM. */
    public boolean isReadOnly() {
        return options.readOnly();
    }

    public MappedMemory memory() {
        return memory;
    }

    /** The device this backend is plugged into ("mapped" in QEMU's words), if any. */
    public Optional<String> usedBy() {
        return Optional.ofNullable(usedBy);
    }

    public void markUsedBy(String deviceId) {
        this.usedBy = deviceId;
    }

    /** Writes a range of the backend back to its storage where it has any. */
    public void sync(long offset, long length) {
        memory.sync(offset, length);
    }

    /**
     * Undoes creation after a failed configuration: unmaps, and removes a file this backend created,
     * so a refused command line leaves the disk as it found it.
     */
    public void abandon() {
        close();
    }

    @Override
    public void close() {
        memory.close();
    }
}
