package dev.vnvdimm.emulator.hostmem;

import dev.vnvdimm.emulator.QemuError;
import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;

/** {@code memory-backend-ram}: anonymous host memory, private unless {@code share=on}. */
public final class MemoryBackendRam extends HostMemoryBackend {
    /**
     * QEMU aligns anonymous RAM to QEMU_VMALLOC_ALIGN (2 MiB on x86-64 Linux, for transparent huge pages);
     * that is the alignment an NVDIMM on a RAM backend sees (error texts print 0x200000).
     */
    public static final long ANONYMOUS_RAM_ALIGN = 2L << 20;

    private MemoryBackendRam(BackendOptions options, MappedMemory memory) {
        super(options, memory, ANONYMOUS_RAM_ALIGN);
    }

    @Override
    public String typeName() {
        return "memory-backend-ram";
    }

    public static MemoryBackendRam create(BackendOptions o, Progress progress) {
        long size = o.size().orElseThrow(() -> new QemuError("Parameter 'size' is missing"));
        long page = HostPageSize.host();
        long mapped = MappedMemory.alignUp(size, page);
        int flags = (o.share() ? LibC.MAP_SHARED : LibC.MAP_PRIVATE) | LibC.MAP_ANONYMOUS
                | (o.reserve() ? 0 : LibC.MAP_NORESERVE);
        Pointer p;
        try {
            p = LibC.INSTANCE.mmap(null, mapped, LibC.PROT_READ | LibC.PROT_WRITE, flags, -1, 0);
        } catch (LastErrorException e) {
            throw new QemuError("cannot set up guest memory '" + o.id() + "': " + Errno.describe(e));
        }
        MappedMemory memory = new MappedMemory(p, mapped, page, true, !o.share());
        MemoryBackendFile.applyAdvice(memory, o, progress);
        return new MemoryBackendRam(o, memory);
    }
}
