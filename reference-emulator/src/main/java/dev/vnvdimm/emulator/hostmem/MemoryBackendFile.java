package dev.vnvdimm.emulator.hostmem;

import dev.vnvdimm.emulator.QemuError;
import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.function.Consumer;

/**
 * {@code memory-backend-file}: guest memory mapped from a file (QEMU backends/hostmem-file.c and the
 * file rules of system/physmem.c). The file is mapped, never read into the heap; with {@code share=on}
 * guest writes reach the file, with {@code share=off} they stay in private copies of its pages.
 *
 * <p>File-size rules: an empty or new file is extended to {@code size}; a smaller non-empty file is an
 * error; a larger one is used as is (its first {@code size} bytes). Leaving {@code size} out on an
 * existing non-empty file maps the whole file (a kit extension that QEMU rejects).
 */
public final class MemoryBackendFile extends HostMemoryBackend {
    private final Path path;
    private final boolean anonymousFile;
    private final boolean createdFile;
    private final long pageSize;

    private MemoryBackendFile(BackendOptions o, MappedMemory memory, long alignment, Path path,
                              boolean anonymousFile, boolean createdFile, long pageSize) {
        super(o, memory, alignment);
        this.path = path;
        this.anonymousFile = anonymousFile;
        this.createdFile = createdFile;
        this.pageSize = pageSize;
    }

    @Override
    public String typeName() {
        return "memory-backend-file";
    }

    /** The file that backs the memory; for a {@code mem-path} directory, the already-unlinked temp file. */
    public Path path() {
        return path;
    }

    /** True when {@code mem-path} named a directory: the memory is not persistent. */
    /**
     * The pages of the file that are holes — known to read as zero without reading them
     * ({@code lseek(SEEK_DATA/SEEK_HOLE)}, which also counts dirty page-cache pages as data). Only meaningful
     * for a shared mapping, whose writes are the file's; empty when the file cannot tell.
     */
    public BitSet holePages(int pageSize) {
        BitSet holes = new BitSet();
        if (!shared() || isAnonymousFile()) {
            return holes;
        }
        int fd;
        try {
            fd = LibC.INSTANCE.open(path().toString(), LibC.O_RDONLY | LibC.O_CLOEXEC, 0);
        } catch (LastErrorException e) {
            return holes;
        }
        try {
            long size = size();
            long at = 0;
            while (at < size) {
                long data;
                try {
                    data = LibC.INSTANCE.lseek(fd, at, LibC.SEEK_DATA);
                } catch (LastErrorException e) {
                    data = size; // ENXIO: nothing but hole from here on
                }
                long holeFrom = (at + pageSize - 1) / pageSize;
                long holeTo = Math.min(data, size) / pageSize;
                if (holeTo > holeFrom) {
                    holes.set((int) holeFrom, (int) holeTo);
                }
                if (data >= size) {
                    break;
                }
                at = LibC.INSTANCE.lseek(fd, data, LibC.SEEK_HOLE);
            }
        } catch (LastErrorException e) {
            holes.clear(); // the file system cannot say: treat everything as data
        } finally {
            LibC.INSTANCE.close(fd);
        }
        return holes;
    }

    public boolean isAnonymousFile() {
        return anonymousFile;
    }

    /** True when this backend created the file (so abandoning the configuration removes it again). */
    public boolean createdFile() {
        return createdFile;
    }

    /** The page size of the backing store (the huge page size on hugetlbfs). */
    public long pageSize() {
        return pageSize;
    }

    /**
     * Opens (or creates) the backing file, applies the size rules, and maps it.
     *
     * @param warnings receives QEMU's warnings (e.g. {@code pmem=on} on a non-DAX file)
     */
    public static MemoryBackendFile create(BackendOptions o, Consumer<String> warnings, Progress progress) {
        Path memPath = o.memPath().orElseThrow(() -> new QemuError("mem-path property not set"));
        OpenedFile f = OpenedFile.open(memPath, o);
        try {
            MemoryBackendFile backend = mapOpened(o, f, warnings, progress);
            return backend;
        } catch (RuntimeException e) {
            f.closeQuietly();
            if (f.created && !f.anonymous) {
                deleteQuietly(f.path);
            }
            throw e;
        } finally {
            // The mapping keeps its own reference to the file; the descriptor is no longer needed.
            f.closeQuietly();
        }
    }

    private static MemoryBackendFile mapOpened(BackendOptions o, OpenedFile f, Consumer<String> warnings,
                                               Progress progress) {
        long page = HostPageSize.ofFile(f.fd);
        long fileSize = f.size();
        long size;
        if (o.size().isPresent()) {
            size = MappedMemory.alignUp(o.size().get(), HostPageSize.host());
        } else if (fileSize > 0) {
            size = fileSize; // kit extension: no size = the whole existing file
        } else {
            throw new QemuError("Parameter 'size' is missing");
        }
        if (fileSize > 0 && fileSize < size) {
            // QEMU 7.2's text (10.x words it "backing store size ... is too small for 'size' option ...").
            throw new QemuError(String.format("backing store size 0x%x does not match 'size' option 0x%x",
                    fileSize, size));
        }
        long align = o.align();
        if (align % page != 0) {
            throw new QemuError(String.format("alignment 0x%x must be multiples of page size 0x%x", align, page));
        }
        if (align != 0 && Long.bitCount(align) != 1) {
            throw new QemuError(String.format("alignment 0x%x must be a power of two", align));
        }
        long effectiveAlign = Math.max(page, align);
        if (size < page) {
            throw new QemuError(String.format("memory size 0x%x must be equal to or larger than page size 0x%x",
                    size, page));
        }
        size = MappedMemory.alignUp(size, page);
        if (fileSize == 0) {
            try {
                LibC.INSTANCE.ftruncate(f.fd, size);
            } catch (LastErrorException e) {
                throw new QemuError("could not extend backing store " + f.path + ": " + Errno.describe(e));
            }
        }
        MappedMemory memory = map(o, f, size, page, warnings);
        try {
            applyAdvice(memory, o, progress);
        } catch (RuntimeException e) {
            memory.close();
            throw e;
        }
        return new MemoryBackendFile(o, memory, effectiveAlign, f.path, f.anonymous, f.created, page);
    }

    private static MappedMemory map(BackendOptions o, OpenedFile f, long size, long page, Consumer<String> warnings) {
        int prot = LibC.PROT_READ | (o.readOnly() ? 0 : LibC.PROT_WRITE);
        int flags = (o.share() ? LibC.MAP_SHARED : LibC.MAP_PRIVATE) | (o.reserve() ? 0 : LibC.MAP_NORESERVE);
        if (o.pmem() && o.share()) {
            try {
                Pointer p = LibC.INSTANCE.mmap(null, size, prot, LibC.MAP_SHARED_VALIDATE | LibC.MAP_SYNC
                        | (o.reserve() ? 0 : LibC.MAP_NORESERVE), f.fd, 0);
                return new MappedMemory(p, size, page, !o.readOnly());
            } catch (LastErrorException e) {
                if (e.getErrorCode() != LibC.EOPNOTSUPP && e.getErrorCode() != LibC.EINVAL) {
                    throw new QemuError("can't map backing store " + f.path + ": " + Errno.describe(e));
                }
                warnings.accept("warning: requesting persistence across crashes for backend file " + f.path
                        + " failed. Proceeding without persistence, data might become corrupted in case of host crash.");
                warnings.accept("warning: Using non DAX backing file with 'pmem=on' option is deprecated");
            }
        }
        try {
            Pointer p = LibC.INSTANCE.mmap(null, size, prot, flags, f.fd, 0);
            return new MappedMemory(p, size, page, !o.readOnly());
        } catch (LastErrorException e) {
            throw new QemuError("unable to map backing store for guest RAM: " + Errno.describe(e));
        }
    }

    static void applyAdvice(MappedMemory memory, BackendOptions o, Progress progress) {
        memory.advise(o.merge() ? LibC.MADV_MERGEABLE : LibC.MADV_UNMERGEABLE);
        memory.advise(o.dump() ? LibC.MADV_DODUMP : LibC.MADV_DONTDUMP);
        if (o.prealloc()) {
            if (o.readOnly()) {
                throw new QemuError("'prealloc=on' is not supported with 'readonly=on'");
            }
            try (Progress.Task t = progress.start("prealloc " + o.id(), memory.size())) {
                memory.populate(t::doneBytes);
            }
        }
    }

    @Override
    public void close() {
        // Like QEMU, only a shared mapping gives the file's blocks back: with share=off the guest's writes were
        // private copies and the file keeps what it held (QEMU 5.2 to 11.1 measured).
        if (!memory().isClosed() && options().discardData() && shared() && !isReadOnly()) {
            memory().discardFileBlocks();
        }
        super.close();
    }

    @Override
    public void abandon() {
        super.close();
        if (createdFile && !anonymousFile) {
            deleteQuietly(path);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: the configuration already failed and says why
        }
    }

    /** mkstemp(3) replaces the last six characters of its template, which must all be 'X'. */
    private static final String MKSTEMP_SUFFIX = "X".repeat(6);

    /** An open backing-store descriptor and what opening it did to the file system. */
    private static final class OpenedFile {
        final int fd;
        final Path path;
        final boolean created;
        final boolean anonymous;
        private boolean closed;

        private OpenedFile(int fd, Path path, boolean created, boolean anonymous) {
            this.fd = fd;
            this.path = path;
            this.created = created;
            this.anonymous = anonymous;
        }

        static OpenedFile open(Path memPath, BackendOptions o) {
            int access = o.readOnly() ? LibC.O_RDONLY : LibC.O_RDWR;
            if (Files.isDirectory(memPath)) {
                // Like QEMU: a uniquely named file in the directory, unlinked at once so it never persists.
                String template = memPath.resolve("qemu_back_mem." + o.id().replace('/', '_') + "." + MKSTEMP_SUFFIX)
                        .toString();
                byte[] name = (template + "\0").getBytes(StandardCharsets.UTF_8);
                try {
                    int fd = LibC.INSTANCE.mkstemp(name);
                    Path created = Path.of(new String(name, 0, name.length - 1, StandardCharsets.UTF_8));
                    LibC.INSTANCE.unlink(created.toString());
                    return new OpenedFile(fd, created, true, true);
                } catch (LastErrorException e) {
                    throw cannotOpen(memPath, e);
                }
            }
            try {
                return new OpenedFile(LibC.INSTANCE.open(memPath.toString(), access | LibC.O_CLOEXEC, 0), memPath,
                        false, false);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != LibC.ENOENT || o.readOnly()) {
                    // QEMU 10 refuses to create a read-only file (7.2 created an empty one).
                    throw cannotOpen(memPath, e);
                }
            }
            try {
                int fd = LibC.INSTANCE.open(memPath.toString(),
                        LibC.O_RDWR | LibC.O_CREAT | LibC.O_EXCL | LibC.O_CLOEXEC, 0644);
                return new OpenedFile(fd, memPath, true, false);
            } catch (LastErrorException e) {
                throw cannotOpen(memPath, e);
            }
        }

        private static QemuError cannotOpen(Path p, LastErrorException e) {
            return new QemuError("can't open backing store " + p + " for guest RAM: " + Errno.describe(e));
        }

        long size() {
            // lseek rather than the path: the temp file of a mem-path directory is already unlinked,
            // and block or DAX devices report their size only this way.
            try {
                return LibC.INSTANCE.lseek(fd, 0, LibC.SEEK_END);
            } catch (LastErrorException e) {
                return 0;
            }
        }

        void closeQuietly() {
            if (!closed) {
                closed = true;
                try {
                    LibC.INSTANCE.close(fd);
                } catch (LastErrorException ignored) {
                    // nothing to recover
                }
            }
        }
    }
}
