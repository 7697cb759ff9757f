package dev.vnvdimm.guest.nvdimm;

import dev.vnvdimm.abi.infoblock.BttFlogEntry;
import dev.vnvdimm.abi.infoblock.BttInfoBlock;
import dev.vnvdimm.abi.infoblock.BttMapEntry;
import java.util.UUID;

/**
 * The layout of a BTT arena as Linux 6.1 lays out a new one (UEFI 2.7 §6.3 "BTT Arena"): info block (4 KiB), data
 * blocks, the map rounded up to whole 4 KiB pages, the flog (one 64-byte group per free block, rounded up to whole
 * pages), and the backup info block in the last 4 KiB. The data gets as many blocks as fit beside a 4-byte map
 * entry each; {@value #NFREE} of them are the free blocks, one per lane, the rest the sectors the device shows.
 * One arena covers up to 512 GiB: QEMU's NVDIMMs need no second one.
 */
public record BttArenaLayout(long arenaSize, long internalLbaSize, long internalNlba, long externalNlba,
        long mapOffset, long logOffset, long info2Offset) {
    public static final long PAGE = 4096;
    public static final int NFREE = 256;

    public static BttArenaLayout of(long arenaSize, long externalLbaSize) {
        long internalLbaSize = Math.max(512, (externalLbaSize + 255) / 256 * 256);
        long logSize = roundUp((long) NFREE * BttFlogEntry.GROUP_SIZE, PAGE);
        long available = arenaSize - 2 * PAGE - logSize;
        long internalNlba = (available - PAGE) / (internalLbaSize + BttMapEntry.SIZE);
        long externalNlba = internalNlba - NFREE;
        long mapSize = roundUp(externalNlba * BttMapEntry.SIZE, PAGE);
        long mapOffset = PAGE + available - mapSize;
        long logOffset = mapOffset + mapSize;
        return new BttArenaLayout(arenaSize, internalLbaSize, internalNlba, externalNlba, mapOffset, logOffset,
                logOffset + logSize);
    }

    public BttInfoBlock infoBlock(UUID uuid, UUID parentUuid, int versionMajor, int versionMinor,
            long externalLbaSize) {
        return new BttInfoBlock(uuid, parentUuid, 0, versionMajor, versionMinor, externalLbaSize, externalNlba,
                internalLbaSize, internalNlba, NFREE, BttInfoBlock.SIZE, 0, PAGE, mapOffset, logOffset, info2Offset);
    }

    /** The flog of a fresh arena: lane {@code i} wrote LBA {@code i} from and to free block {@code externalNlba+i}. */
    public byte[] initialFlog() {
        byte[] log = new byte[(int) (info2Offset - logOffset)];
        for (int lane = 0; lane < NFREE; lane++) {
            new BttFlogEntry(lane, externalNlba + lane, externalNlba + lane, 1).encode(log,
                    lane * BttFlogEntry.GROUP_SIZE);
        }
        return log;
    }

    private static long roundUp(long v, long to) {
        return (v + to - 1) / to * to;
    }
}
