/**
 * What Linux writes into a pmem namespace to claim it for a mode other than raw, defined once: the PFN info
 * block of fsdax ({@code NVDIMM_PFN_INFO}) and devdax ({@code NVDIMM_DAX_INFO}) namespaces, and the BTT (Block
 * Translation Table) of sector namespaces — its arena info block, map entries and flog entries — with the
 * Fletcher-64 checksum they share. The reference guest writes and reads them; the tests hold them to the blocks
 * Linux 6.1 wrote. Nothing here depends on any other part of the kit.
 */
package dev.vnvdimm.abi.infoblock;
