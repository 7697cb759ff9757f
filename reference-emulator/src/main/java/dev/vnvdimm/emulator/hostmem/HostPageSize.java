package dev.vnvdimm.emulator.hostmem;

import com.sun.jna.LastErrorException;

/**
 * The page size that backs a file: the huge page size on hugetlbfs (its statfs block size),
 * the host page size everywhere else — the same rule QEMU's {@code qemu_fd_getpagesize} follows.
 */
public final class HostPageSize {
    private static final long HOST = LibC.INSTANCE.getpagesize();

    private HostPageSize() {
    }

    public static long host() {
        return HOST;
    }

    static long ofFile(int fd) {
        LibC.StatFs fs = new LibC.StatFs();
        try {
            LibC.INSTANCE.fstatfs(fd, fs);
        } catch (LastErrorException e) {
            return HOST;
        }
        return (fs.f_type & 0xFFFFFFFFL) == LibC.HUGETLBFS_MAGIC ? fs.f_bsize : HOST;
    }

    /** True for hugetlbfs, where files cannot be written with write(2) and sizes are multiples of huge pages. */
    static boolean isHugetlbfs(int fd) {
        return ofFile(fd) != HOST;
    }
}
