package dev.vnvdimm.emulator.hostmem;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * The few libc calls a memory backend needs, bound through JNA (Linux x86-64 / aarch64 ABI).
 * Every call throws {@link LastErrorException} carrying errno on failure.
 */
interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int O_RDONLY = 0;
    int O_RDWR = 2;
    int O_CREAT = 0100;
    int O_EXCL = 0200;
    int O_CLOEXEC = 02000000;

    int PROT_READ = 1;
    int PROT_WRITE = 2;
    int MAP_SHARED = 0x01;
    int MAP_PRIVATE = 0x02;
    int MAP_SHARED_VALIDATE = 0x03;
    int MAP_ANONYMOUS = 0x20;
    int MAP_NORESERVE = 0x4000;
    int MAP_SYNC = 0x80000;

    int MS_SYNC = 4;

    int MADV_DONTNEED = 4;
    int MADV_REMOVE = 9;
    int MADV_DONTFORK = 10;
    int MADV_MERGEABLE = 12;
    int MADV_UNMERGEABLE = 13;
    int MADV_DONTDUMP = 16;
    int MADV_DODUMP = 17;
    int MADV_POPULATE_WRITE = 23;

    int ENOENT = 2;
    int EEXIST = 17;
    int EINVAL = 22;
    int EOPNOTSUPP = 95;

    /** statfs(2) f_type of hugetlbfs. */
    long HUGETLBFS_MAGIC = 0x958458f6L;

    Pointer MAP_FAILED = new Pointer(-1);

    int open(String path, int flags, int mode) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int ftruncate(int fd, long length) throws LastErrorException;

    int SEEK_END = 2;
    int SEEK_DATA = 3;
    int SEEK_HOLE = 4;

    long lseek(int fd, long offset, int whence) throws LastErrorException;

    int unlink(String path) throws LastErrorException;

    int mkstemp(byte[] template) throws LastErrorException;

    Pointer mmap(Pointer addr, long length, int prot, int flags, int fd, long offset) throws LastErrorException;

    int munmap(Pointer addr, long length) throws LastErrorException;

    int msync(Pointer addr, long length, int flags) throws LastErrorException;

    int madvise(Pointer addr, long length, int advice) throws LastErrorException;

    int fstatfs(int fd, StatFs buf) throws LastErrorException;

    int getpagesize();

    String strerror(int errnum);

    /** struct statfs on 64-bit Linux. */
    @Structure.FieldOrder({"f_type", "f_bsize", "f_blocks", "f_bfree", "f_bavail", "f_files", "f_ffree",
        "f_fsid", "f_namelen", "f_frsize", "f_flags", "f_spare"})
    class StatFs extends Structure {
        public long f_type;
        public long f_bsize;
        public long f_blocks;
        public long f_bfree;
        public long f_bavail;
        public long f_files;
        public long f_ffree;
        public int[] f_fsid = new int[2];
        public long f_namelen;
        public long f_frsize;
        public long f_flags;
        public long[] f_spare = new long[4];
    }
}
