package dev.vnvdimm.guest.nvdimm;

import dev.vnvdimm.abi.infoblock.BttInfoBlock;
import dev.vnvdimm.abi.infoblock.PfnInfoBlock;
import java.util.UUID;

/**
 * What an info block in a labelled namespace makes of it, as Linux's nd_pfn, nd_dax and nd_btt drivers do: an
 * fsdax block device, a devdax character device or a sector (BTT) block device, with the device's own UUID and
 * the bytes it shows after the info block's reservation.
 *
 * @param uuid       the pfn, dax or btt device's UUID ({@code ndctl list}'s uuid; the label's is {@code raw_uuid})
 * @param size       what the device shows: the data pages, or the BTT's external sectors
 * @param dataOffset where the fsdax or devdax data starts in the namespace (0 for sector: the BTT maps it)
 * @param align      fsdax and devdax: the mapping's alignment; 0 for sector
 * @param sectorSize the block size the device shows: 512 for fsdax, the BTT's external LBA size for sector, 0 for
 *                   devdax
 * @param memmapInPmem fsdax and devdax: the struct pages live in the namespace ({@code "map":"dev"}) rather than in
 *                   system memory ({@code "map":"mem"})
 */
public record NamespaceClaim(Mode mode, UUID uuid, long size, long dataOffset, long align, long sectorSize,
        boolean memmapInPmem) {

    /** ndctl's mode names. */
    public enum Mode {
        FSDAX("fsdax"), DEVDAX("devdax"), SECTOR("sector");

        private final String ndctlName;

        Mode(String ndctlName) {
            this.ndctlName = ndctlName;
        }

        public String ndctlName() {
            return ndctlName;
        }
    }

    static NamespaceClaim of(PfnInfoBlock pfn) {
        return new NamespaceClaim(pfn.devdax() ? Mode.DEVDAX : Mode.FSDAX, pfn.uuid(), pfn.dataSize(),
                pfn.startPad() + pfn.dataOffset(), pfn.align(), pfn.devdax() ? 0 : 512,
                pfn.mode() == PfnInfoBlock.MODE_PMEM);
    }

    static NamespaceClaim of(BttInfoBlock btt) {
        return new NamespaceClaim(Mode.SECTOR, btt.uuid(), btt.externalSize(), 0, 0, btt.externalLbaSize(), false);
    }
}
