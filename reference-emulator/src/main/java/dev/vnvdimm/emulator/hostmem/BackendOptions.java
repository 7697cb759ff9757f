package dev.vnvdimm.emulator.hostmem;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The properties of a {@code memory-backend-file} or {@code memory-backend-ram} object
 * (QEMU backends/hostmem.c, hostmem-file.c), already parsed and type-checked.
 *
 * @param size        bytes; empty when the option was left out (allowed for an existing file,
 *                    a kit extension: the whole file is used)
 * @param align       0 = the page size of the backing store
 * @param reserve     false = map with {@code MAP_NORESERVE} (QEMU's {@code reserve=off})
 */
public record BackendOptions(String id, Optional<Long> size, Optional<Path> memPath, boolean share, long align,
                             boolean readOnly, boolean discardData, boolean pmem, boolean prealloc,
                             boolean merge, boolean dump, boolean reserve) {

    /** Defaults as QEMU has them, for a backend of the given id and size. */
    public static BackendOptions of(String id, long size) {
        return new BackendOptions(id, Optional.of(size), Optional.empty(), false, 0, false, false, false, false,
                true, true, true);
    }

    public BackendOptions withMemPath(Path path) {
        return new BackendOptions(id, size, Optional.of(path), share, align, readOnly, discardData, pmem, prealloc,
                merge, dump, reserve);
    }

    public BackendOptions withShare(boolean on) {
        return new BackendOptions(id, size, memPath, on, align, readOnly, discardData, pmem, prealloc, merge, dump,
                reserve);
    }

    public BackendOptions withAlign(long bytes) {
        return new BackendOptions(id, size, memPath, share, bytes, readOnly, discardData, pmem, prealloc, merge,
                dump, reserve);
    }

    public BackendOptions withReadOnly(boolean on) {
        return new BackendOptions(id, size, memPath, share, align, on, discardData, pmem, prealloc, merge, dump,
                reserve);
    }
}
