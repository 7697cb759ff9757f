package dev.vnvdimm.guest.nvdimm;

/**
 * Where an fsdax or devdax namespace's data starts, as Linux 6.1 sizes it when it writes a new PFN info block
 * ({@code nd_pfn_init}): the first 8 KiB hold the unused first page and the info block; with the memmap in the
 * namespace ("map dev") a 64-byte {@code struct page} for each 4 KiB page of that space follows; the data starts at
 * the next multiple of the alignment — at least 2 MiB, Linux's memremap granule on x86 (a subsection), whatever
 * smaller {@code align} the info block records — counted in physical addresses. The data is the whole pages after it.
 * On QEMU every namespace starts on a 16 MiB boundary, so nothing is padded at the start or cut at the end.
 *
 * @param dataOffset bytes from the namespace's start to the data
 * @param npfns      4 KiB pages of data
 */
public record PfnReservation(long dataOffset, long npfns) {
    public static final long PAGE = 4096;
    /** Linux's {@code sizeof(struct page)} on x86-64, recorded in the info block as {@code page_struct_size}. */
    public static final int STRUCT_PAGE = 64;
    /** The first page and the info block. */
    static final long HEADER = 8192;
    /** {@code memremap_compat_align()} on x86: the data offset is a multiple of at least this. */
    static final long MIN_DATA_ALIGN = 2L << 20;

    /**
     * @param start        the namespace's physical address
     * @param size         its size
     * @param align        the mapping's alignment (ndctl {@code -a}, 2 MiB by default)
     * @param memmapInPmem "map dev"
     */
    public static PfnReservation of(long start, long size, long align, boolean memmapInPmem) {
        long pages = (size - HEADER) / PAGE;
        long reserved = memmapInPmem ? HEADER + pages * STRUCT_PAGE : HEADER;
        long dataOffset = alignUp(start + reserved, Math.max(align, MIN_DATA_ALIGN)) - start;
        return new PfnReservation(dataOffset, (size - dataOffset) / PAGE);
    }

    private static long alignUp(long value, long align) {
        return (value + align - 1) / align * align;
    }
}
