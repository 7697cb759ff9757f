package dev.vnvdimm.guest.nvdimm;

import dev.vnvdimm.abi.infoblock.BttInfoBlock;
import dev.vnvdimm.abi.infoblock.PfnInfoBlock;
import dev.vnvdimm.guest.labels.Namespace;
import dev.vnvdimm.guest.labels.NamespaceLabel;
import dev.vnvdimm.guest.platform.Platform;
import java.util.Optional;
import java.util.UUID;

/**
 * The info blocks of a region's labelled namespaces, read and written through the pmem range in guest physical
 * memory (the namespace at its label's DPA in the region's SPA range), as Linux's claim drivers find them: a v1.2
 * label's abstraction GUID names the one claim to look for; without one (v1.1 labels) a BTT 1.1 info block, then
 * a PFN or DAX one, all 4 KiB into the namespace. A block counts only when its checksum holds and its parent UUID
 * is the namespace's.
 */
public final class ClaimBlocks {
    /** What {@code ndctl destroy-namespace} zeroes: the first page and the info block behind it. */
    static final int ERASED = 8192;

    private final Platform platform;

    public ClaimBlocks(Platform platform) {
        this.platform = platform;
    }

    public static long start(Region r, Namespace ns) {
        return r.spa().rangeBase() + ns.dpa();
    }

    public Optional<NamespaceClaim> probe(Region r, Namespace ns) {
        long start = start(r, ns);
        UUID claim = ns.abstractionGuid();
        if (claim.equals(NamespaceLabel.BTT2_GUID)) {
            return btt(start, ns, 0);
        }
        if (claim.equals(NamespaceLabel.BTT_GUID)) {
            return btt(start, ns, BttInfoBlock.V1_1_ARENA_OFFSET);
        }
        if (claim.equals(NamespaceLabel.PFN_GUID)) {
            return pfn(start, ns, PfnInfoBlock.PFN_SIGNATURE);
        }
        if (claim.equals(NamespaceLabel.DAX_GUID)) {
            return pfn(start, ns, PfnInfoBlock.DAX_SIGNATURE);
        }
        return btt(start, ns, BttInfoBlock.V1_1_ARENA_OFFSET).or(() -> pfn(start, ns, null));
    }

    private Optional<NamespaceClaim> btt(long start, Namespace ns, long arena) {
        return BttInfoBlock.find(read(start + arena, BttInfoBlock.SIZE))
                .filter(b -> b.parentUuid().equals(ns.uuid()))
                .filter(b -> arena == 0 ? b.versionMajor() == 2 : b.versionMajor() == 1)
                .map(NamespaceClaim::of);
    }

    private Optional<NamespaceClaim> pfn(long start, Namespace ns, String signature) {
        return PfnInfoBlock.find(read(start + PfnInfoBlock.OFFSET_IN_NAMESPACE, PfnInfoBlock.SIZE))
                .filter(b -> signature == null || b.signature().equals(signature))
                .filter(b -> b.parentUuid().equals(ns.uuid()))
                .map(NamespaceClaim::of);
    }

    /** Writes a PFN or DAX info block into the namespace. */
    public void write(long start, PfnInfoBlock block) {
        platform.writeMemory(start + PfnInfoBlock.OFFSET_IN_NAMESPACE, block.encode());
    }

    /**
     * Lays out a fresh BTT arena at {@code arenaStart}: info block, a zeroed map (every LBA at its own block), the
     * initial flog, the backup info block. The data blocks are left as they are.
     */
    public void write(long arenaStart, BttArenaLayout layout, BttInfoBlock block) {
        byte[] info = block.encode();
        platform.writeMemory(arenaStart, info);
        platform.writeMemory(arenaStart + layout.mapOffset(), new byte[(int) (layout.logOffset() - layout.mapOffset())]);
        platform.writeMemory(arenaStart + layout.logOffset(), layout.initialFlog());
        platform.writeMemory(arenaStart + layout.info2Offset(), info);
    }

    /** {@code destroy-namespace}: zeroes the namespace's first 8 KiB, where every claim's info block starts. */
    public void erase(long start) {
        platform.writeMemory(start, new byte[ERASED]);
    }

    private byte[] read(long address, int length) {
        byte[] b = new byte[length];
        platform.readMemory(address, b);
        return b;
    }
}
