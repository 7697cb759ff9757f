package dev.vnvdimm.emulator.hostmem;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * One {@code mmap(2)} mapping of host memory: the bytes a memory backend lends the guest.
 * Accesses are bounds-checked; nothing is ever copied onto the Java heap except what a caller reads.
 * Multi-byte accessors are little-endian, the byte order of every layout the kit deals with.
 */
public final class MappedMemory implements AutoCloseable {
    private final Pointer base;
    private final long size;
    private final long pageSize;
    private volatile boolean unmapped;
    /** Pages written since the log was last taken, while migration tracks them (null when not logging). */
    private volatile BitSet dirty;

    private final boolean writable;
    /** MAP_PRIVATE|MAP_ANONYMOUS: a page that was never populated (nor swapped out) is zero. */
    private final boolean privateAnonymous;

    MappedMemory(Pointer base, long size, long pageSize) {
        this(base, size, pageSize, true);
    }

    /** @param writable false for a PROT_READ mapping: writing it would fault, so writes are refused here */
    MappedMemory(Pointer base, long size, long pageSize, boolean writable) {
        this(base, size, pageSize, writable, false);
    }

    MappedMemory(Pointer base, long size, long pageSize, boolean writable, boolean privateAnonymous) {
        this.base = base;
        this.size = size;
        this.pageSize = pageSize;
        this.writable = writable;
        this.privateAnonymous = privateAnonymous;
    }

    /** False for a read-only mapping (a {@code readonly=on} backend, which QEMU makes ROM). */
    public boolean isWritable() {
        return writable;
    }

    private void checkWritable() {
        if (!writable) {
            throw new IllegalStateException("memory is mapped read-only");
        }
    }

    /** Maps {@code size} bytes of anonymous, private, unreserved memory (memory-backend-ram, main RAM). */
    public static MappedMemory anonymous(long size) {
        long page = HostPageSize.host();
        long mapped = alignUp(size, page);
        try {
            Pointer p = LibC.INSTANCE.mmap(null, mapped, LibC.PROT_READ | LibC.PROT_WRITE,
                    LibC.MAP_PRIVATE | LibC.MAP_ANONYMOUS | LibC.MAP_NORESERVE, -1, 0);
            return new MappedMemory(p, size, page, true, true);
        } catch (LastErrorException e) {
            throw new MapFailed("cannot map " + size + " bytes of anonymous memory", Errno.describe(e), e);
        }
    }

    /** A mapping the kernel refused (too large for the host, a size of 0); {@link #reason()} is its strerror. */
    public static final class MapFailed extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        private final String reason;

        MapFailed(String what, String reason, Throwable cause) {
            super(what + ": " + reason, cause);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    public long size() {
        return size;
    }

    /** The page size the mapping was made with (host page, or the huge page size on hugetlbfs). */
    public long pageSize() {
        return pageSize;
    }

    /** The host virtual address (for diagnostics). */
    public long hostAddress() {
        return Pointer.nativeValue(base);
    }

    public byte getByte(long offset) {
        check(offset, 1);
        return base.getByte(offset);
    }

    public void putByte(long offset, byte value) {
        checkWritable();
        check(offset, 1);
        base.setByte(offset, value);
        markDirty(offset, 1);
    }

    public int getInt(long offset) {
        check(offset, 4);
        return base.getInt(offset);
    }

    public void putInt(long offset, int value) {
        checkWritable();
        check(offset, 4);
        base.setInt(offset, value);
        markDirty(offset, 4);
    }

    public long getLong(long offset) {
        check(offset, 8);
        return base.getLong(offset);
    }

    public void putLong(long offset, long value) {
        checkWritable();
        check(offset, 8);
        base.setLong(offset, value);
        markDirty(offset, 8);
    }

    public void read(long offset, byte[] dst, int dstOffset, int length) {
        Objects.checkFromIndexSize(dstOffset, length, dst.length);
        check(offset, length);
        base.read(offset, dst, dstOffset, length);
    }

    /** Copies {@code dst.remaining()} bytes at {@code offset} into {@code dst} (a memcpy for a direct buffer). */
    public void readInto(long offset, ByteBuffer dst) {
        check(offset, dst.remaining());
        dst.put(base.getByteBuffer(offset, dst.remaining()));
    }

    /** Zeros to compare with: {@link #isZero} looks at the mapping in place, a chunk at a time. */
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(1 << 20).asReadOnlyBuffer();

    /**
     * Whether {@code length} bytes at {@code offset} are all zero, read in place (no copy) with the JDK's
     * vectorized mismatch. Reading a page of a file hole or of untouched anonymous memory maps it (zero).
     */
    public boolean isZero(long offset, long length) {
        check(offset, length);
        for (long at = 0; at < length; ) {
            int n = (int) Math.min(ZEROS.capacity(), length - at);
            if (base.getByteBuffer(offset + at, n).mismatch(ZEROS.duplicate().limit(n)) >= 0) {
                return false;
            }
            at += n;
        }
        return true;
    }

    /** Copies {@code src.remaining()} bytes from {@code src} to {@code offset}. */
    public void writeFrom(long offset, ByteBuffer src) {
        checkWritable();
        int length = src.remaining();
        check(offset, length);
        base.getByteBuffer(offset, length).put(src);
        markDirty(offset, length);
    }

    public byte[] read(long offset, int length) {
        byte[] out = new byte[length];
        read(offset, out, 0, length);
        return out;
    }

    public void write(long offset, byte[] src, int srcOffset, int length) {
        checkWritable();
        Objects.checkFromIndexSize(srcOffset, length, src.length);
        check(offset, length);
        base.write(offset, src, srcOffset, length);
        markDirty(offset, length);
    }

    public void write(long offset, byte[] src) {
        write(offset, src, 0, src.length);
    }

    /** Copies {@code length} bytes from another mapping (no heap round trip for the bulk of it). */
    public void copyFrom(MappedMemory src, long srcOffset, long dstOffset, long length) {
        checkWritable();
        src.check(srcOffset, length);
        check(dstOffset, length);
        byte[] chunk = new byte[(int) Math.min(length, 1 << 20)];
        for (long done = 0; done < length; ) {
            int n = (int) Math.min(chunk.length, length - done);
            src.base.read(srcOffset + done, chunk, 0, n);
            base.write(dstOffset + done, chunk, 0, n);
            done += n;
        }
        markDirty(dstOffset, length);
    }

    /** Fills a range with one byte value. */
    public void fill(long offset, long length, byte value) {
        checkWritable();
        check(offset, length);
        base.setMemory(offset, length, value);
        markDirty(offset, length);
    }

    /** Granularity of dirty tracking: the page a migration sends. */
    public static final int DIRTY_PAGE = 4096;

    /** Starts recording which pages are written (every page counts as dirty at the start, as for QEMU). */
    public synchronized void startDirtyLog() {
        BitSet all = new BitSet();
        all.set(0, pages());
        dirty = all;
    }

    /** The pages written since the last call (or since the log started), and a clean log from now on. */
    public synchronized BitSet takeDirty() {
        BitSet taken = dirty == null ? new BitSet() : dirty;
        dirty = dirty == null ? null : new BitSet();
        return taken;
    }

    public synchronized void stopDirtyLog() {
        dirty = null;
    }

    /** Bit 63 of a {@code /proc/self/pagemap} entry: the page is in this process's page tables. */
    private static final long PAGEMAP_PRESENT = 1L << 63;
    /** Bit 62: the page is swapped out. */
    private static final long PAGEMAP_SWAPPED = 1L << 62;

    /**
     * The {@link #DIRTY_PAGE}-sized pages that are mapped in this process's page tables right now, from
     * {@code /proc/self/pagemap} (present and swapped bits, which need no privilege); null when the kernel
     * does not tell (no pagemap, or a host page size other than {@link #DIRTY_PAGE}). Nothing of the mapping
     * is read or faulted in.
     */
    public BitSet presentPages() {
        return pagemap(false);
    }

    /**
     * Pages of a private anonymous mapping that were never populated: neither present nor swapped out, so
     * they read as zero without being read (QEMU's RAM has the same property; reading them would only map
     * the shared zero page). Empty for any other mapping — a file's or a shared mapping's pages may hold
     * data without being mapped here — and when the kernel does not tell.
     */
    public BitSet unpopulatedPages() {
        if (!privateAnonymous) {
            return new BitSet();
        }
        BitSet populated = pagemap(true);
        BitSet out = new BitSet();
        if (populated != null) {
            out.set(0, pages());
            out.andNot(populated);
        }
        return out;
    }

    /** Pages present (and, with {@code orSwapped}, swapped out) per pagemap; null when it cannot tell. */
    private BitSet pagemap(boolean orSwapped) {
        if (pageSize != DIRTY_PAGE || HostPageSize.host() != DIRTY_PAGE) {
            return null;
        }
        check(0, 0);
        BitSet out = new BitSet();
        long first = Pointer.nativeValue(base) / DIRTY_PAGE;
        int n = pages();
        ByteBuffer entries = ByteBuffer.allocateDirect(8 * 8192).order(ByteOrder.nativeOrder());
        try (FileChannel f = FileChannel.open(
                Path.of("/proc/self/pagemap"))) {
            for (int done = 0; done < n; ) {
                int want = Math.min(n - done, entries.capacity() / 8);
                entries.clear().limit(want * 8);
                while (entries.hasRemaining()) {
                    if (f.read(entries, (first + done) * 8 + entries.position()) < 0) {
                        return null;
                    }
                }
                entries.flip();
                long mask = PAGEMAP_PRESENT | (orSwapped ? PAGEMAP_SWAPPED : 0);
                for (int i = 0; i < want; i++) {
                    if ((entries.getLong(i * 8) & mask) != 0) {
                        out.set(done + i);
                    }
                }
                done += want;
            }
        } catch (IOException | SecurityException e) {
            return null;
        }
        return out;
    }

    /** Number of dirty-tracking pages. */
    public int pages() {
        return (int) ((size + DIRTY_PAGE - 1) / DIRTY_PAGE);
    }

    private void markDirty(long offset, long length) {
        BitSet d = dirty;
        if (d != null && length > 0) {
            synchronized (this) {
                if (dirty != null) {
                    dirty.set((int) (offset / DIRTY_PAGE), (int) ((offset + length - 1) / DIRTY_PAGE) + 1);
                }
            }
        }
    }

    /**
     * Writes a range back to its file ({@code msync(MS_SYNC)}); the range is widened to whole pages
     * because msync takes a page-aligned address.
     */
    public void sync(long offset, long length) {
        check(offset, length);
        if (length == 0) {
            return;
        }
        long start = alignDown(offset, pageSize);
        long end = Math.min(alignUp(offset + length, pageSize), alignUp(size, pageSize));
        try {
            LibC.INSTANCE.msync(base.share(start), end - start, LibC.MS_SYNC);
        } catch (LastErrorException e) {
            throw new IllegalStateException("msync failed: " + Errno.describe(e), e);
        }
    }

    /** Gives advice about the whole mapping; returns false when the kernel does not support it. */
    boolean advise(int advice) {
        try {
            LibC.INSTANCE.madvise(base, alignUp(size, pageSize), advice);
            return true;
        } catch (LastErrorException e) {
            return false;
        }
    }

    /**
     * Touches every page for writing so that later guest accesses do not fault (QEMU's {@code prealloc=on}).
     * Uses {@code MADV_POPULATE_WRITE} a chunk at a time, or writes one byte per page where the kernel lacks it.
     * {@code progress} receives the number of bytes done so far.
     */
    void populate(LongConsumer progress) {
        long chunk = Math.max(pageSize, 64L << 20);
        long total = alignUp(size, pageSize);
        for (long off = 0; off < total; off += chunk) {
            long len = Math.min(chunk, total - off);
            try {
                LibC.INSTANCE.madvise(base.share(off), len, LibC.MADV_POPULATE_WRITE);
            } catch (LastErrorException e) {
                for (long p = off; p < off + len; p += pageSize) {
                    // Writing the byte back keeps the content while forcing a writable page in.
                    base.setByte(p, base.getByte(p));
                }
            }
            progress.accept(off + len);
        }
    }

    /** Drops the pages and the file blocks behind them ({@code MADV_REMOVE}, QEMU's {@code discard-data=on}). */
    boolean discardFileBlocks() {
        return advise(LibC.MADV_REMOVE);
    }

    @Override
    public synchronized void close() {
        if (unmapped) {
            return;
        }
        unmapped = true;
        try {
            LibC.INSTANCE.munmap(base, alignUp(size, pageSize));
        } catch (LastErrorException e) {
            throw new IllegalStateException("munmap failed: " + Errno.describe(e), e);
        }
    }

    public boolean isClosed() {
        return unmapped;
    }

    private void check(long offset, long length) {
        if (unmapped) {
            throw new IllegalStateException("memory is no longer mapped");
        }
        if (offset < 0 || length < 0 || offset > size - length) {
            throw new IndexOutOfBoundsException("range [0x" + Long.toHexString(offset) + ", +0x"
                    + Long.toHexString(length) + ") is outside the mapping of 0x" + Long.toHexString(size) + " bytes");
        }
    }

    static long alignUp(long v, long a) {
        return (v + a - 1) & -a;
    }

    static long alignDown(long v, long a) {
        return v & -a;
    }
}
