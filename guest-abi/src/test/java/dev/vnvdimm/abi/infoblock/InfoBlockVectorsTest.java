package dev.vnvdimm.abi.infoblock;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The info blocks Linux 6.1 wrote for ndctl 76.1's {@code create-namespace -m fsdax|devdax|sector}
 * ({@code features/golden/ndctl-76.1-namespace-modes/}): parsed to the values ndctl listed, re-encoded byte for
 * byte, checksums verified.
 */
class InfoBlockVectorsTest {

    static byte[] vector(String path) {
        try (InputStream in = InfoBlockVectorsTest.class
                .getResourceAsStream("/golden/ndctl-76.1-namespace-modes/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no vector " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void fsdaxWithV11LabelsIsAPfnBlockOf62MiBBehindA2MiBReservation() {
        byte[] raw = vector("v1.1/fsdax-info-at-0x1000.bin");
        PfnInfoBlock pfn = PfnInfoBlock.find(raw).orElseThrow();
        assertThat(pfn).isEqualTo(new PfnInfoBlock(PfnInfoBlock.PFN_SIGNATURE,
                UUID.fromString("e67a8398-f1a8-4afa-ab52-4746514a76b5"),
                UUID.fromString("c3b5a27b-13b0-4a19-a007-ab4090ba4c4a"), 0, 1, 4, 2L << 20, 15872,
                PfnInfoBlock.MODE_PMEM, 0, 0, 2L << 20, 4096, 64));
        assertThat(pfn.dataSize()).isEqualTo(65_011_712L);
        assertThat(pfn.devdax()).isFalse();
        assertThat(pfn.encode()).isEqualTo(raw);
    }

    @Test
    void devdaxWithV11LabelsIsADaxBlockOf30MiB() {
        byte[] raw = vector("v1.1/devdax-info-at-0x1000.bin");
        PfnInfoBlock dax = PfnInfoBlock.find(raw).orElseThrow();
        assertThat(dax.signature()).isEqualTo(PfnInfoBlock.DAX_SIGNATURE);
        assertThat(dax.uuid()).isEqualTo(UUID.fromString("3075fd7c-c292-494e-917e-a0329f8f6ecb"));
        assertThat(dax.parentUuid()).isEqualTo(UUID.fromString("f4c329df-e8ca-4c3e-8372-abed00d5730f"));
        assertThat(dax.dataOffset()).isEqualTo(2L << 20);
        assertThat(dax.dataSize()).isEqualTo(31_457_280L);
        assertThat(dax.align()).isEqualTo(2L << 20);
        assertThat(dax.devdax()).isTrue();
        assertThat(dax.encode()).isEqualTo(raw);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1.1/fsdax-info-at-0x1000.bin", "v1.1/devdax-info-at-0x1000.bin",
        "v1.2/fsdax-info-at-0x1000.bin", "v1.2/devdax-info-at-0x1000.bin"})
    void everyPfnBlockReencodesByteForByteAndAChangedByteBreaksItsChecksum(String path) {
        byte[] raw = vector(path);
        assertThat(PfnInfoBlock.checksumValid(raw)).isTrue();
        assertThat(PfnInfoBlock.parse(raw).encode()).isEqualTo(raw);
        byte[] bad = raw.clone();
        bad[PfnInfoBlock.NPFNS] ^= 1;
        assertThat(PfnInfoBlock.find(bad)).isEmpty();
    }

    @Test
    void sectorWithV11LabelsIsABtt11ArenaOf7920Blocks() {
        byte[] raw = vector("v1.1/sector-info-at-0x1000.bin");
        BttInfoBlock btt = BttInfoBlock.find(raw).orElseThrow();
        assertThat(btt).isEqualTo(new BttInfoBlock(UUID.fromString("7617a8c1-bda1-4949-a2c4-b8cb7d23b1e6"),
                UUID.fromString("337b31da-aaac-4f46-a4d0-9dc2d8e14548"), 0, 1, 1, 4096, 7920, 4096, 8176, 256, 4096,
                0, 0x1000, 0x1ff2000, 0x1ffa000, 0x1ffe000));
        assertThat(btt.externalSize()).isEqualTo(32_440_320L);
        assertThat(btt.encode()).isEqualTo(raw);
    }

    @Test
    void sectorWithV12LabelsIsABtt20ArenaOf7921BlocksFromTheNamespacesFirstByte() {
        byte[] raw = vector("v1.2/sector-info-at-0x0.bin");
        BttInfoBlock btt = BttInfoBlock.find(raw).orElseThrow();
        assertThat(btt.versionMajor()).isEqualTo(2);
        assertThat(btt.versionMinor()).isZero();
        assertThat(btt.externalNlba()).isEqualTo(7921);
        assertThat(btt.internalNlba()).isEqualTo(8177);
        assertThat(btt.mapOffset()).isEqualTo(0x1ff3000);
        assertThat(btt.logOffset()).isEqualTo(0x1ffb000);
        assertThat(btt.info2Offset()).isEqualTo(0x1fff000);
        assertThat(btt.externalSize()).isEqualTo(32_444_416L);
        assertThat(btt.encode()).isEqualTo(raw);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1.1/sector-info-at-0x1000.bin", "v1.2/sector-info-at-0x0.bin"})
    void theBackupInfoBlockAtTheArenasEndIsACopyAndTheFlogHoldsOneEntryPerLane(String path) {
        byte[] info = vector(path);
        BttInfoBlock btt = BttInfoBlock.parse(info);
        long arenaStart = 0x6000000L + (path.startsWith("v1.1") ? BttInfoBlock.V1_1_ARENA_OFFSET : 0);
        long endStart = 0x6000000L + 0x1ffb000L;
        byte[] end = vector(path.substring(0, 5) + "sector-arena-end-at-0x1ffb000.bin");
        int info2 = (int) (arenaStart + btt.info2Offset() - endStart);
        assertThat(Arrays.copyOfRange(end, info2, info2 + BttInfoBlock.SIZE)).isEqualTo(info);
        int log = (int) (arenaStart + btt.logOffset() - endStart);
        for (int lane = 0; lane < btt.nfree(); lane++) {
            int group = log + lane * BttFlogEntry.GROUP_SIZE;
            BttFlogEntry first = BttFlogEntry.decode(end, group);
            assertThat(first).isEqualTo(new BttFlogEntry(lane, btt.externalNlba() + lane,
                    btt.externalNlba() + lane, 1));
            assertThat(BttFlogEntry.decode(end, group + BttFlogEntry.SIZE)).isEqualTo(new BttFlogEntry(0, 0, 0, 0));
            byte[] again = new byte[BttFlogEntry.GROUP_SIZE];
            first.encode(again, 0);
            assertThat(again).isEqualTo(Arrays.copyOfRange(end, group, group + BttFlogEntry.GROUP_SIZE));
        }
    }

    @Test
    void aZeroMapWordMapsAnLbaToItselfAndAFlaggedWordToItsBlock() {
        assertThat(BttMapEntry.decode(0).resolve(17)).isEqualTo(17);
        BttMapEntry moved = new BttMapEntry(7925, false, true);
        assertThat(BttMapEntry.decode(moved.encode())).isEqualTo(moved);
        assertThat(moved.resolve(3)).isEqualTo(7925);
        assertThat(BttMapEntry.decode(0xC000_0005).resolve(5)).isEqualTo(5);
    }
}
