package dev.vnvdimm.guest.labels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnvdimm.guest.labels.NamespaceIndex.Problem;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NamespaceIndexTest {

    private static final LabelGeometry V11 = LabelGeometry.of(Vectors.AREA, LabelVersion.V1_1);
    private static final LabelGeometry V12 = LabelGeometry.of(Vectors.AREA, LabelVersion.V1_2);

    private static NamespaceIndex block(String bin, int index) {
        return NamespaceIndex.of(Vectors.bin(bin), index * 256, 256);
    }

    @Test
    void readsTheFieldsNdctlInitLabelsWrote() {
        NamespaceIndex ix = block("labels-after-init.bin", 0);
        assertThat(ix.signature()).isEqualTo("NAMESPACE_INDEX");
        assertThat(ix.flags()).isZero();
        assertThat(ix.labelSizeCode()).isZero();
        assertThat(ix.seq()).isEqualTo(3);
        assertThat(ix.myOff()).isZero();
        assertThat(ix.mySize()).isEqualTo(256);
        assertThat(ix.otherOff()).isEqualTo(256);
        assertThat(ix.labelOff()).isEqualTo(512);
        assertThat(ix.nslot()).isEqualTo(1020);
        assertThat(ix.major()).isEqualTo(1);
        assertThat(ix.minor()).isEqualTo(1);
        assertThat(ix.checksum()).isEqualTo(0xeb634621d7313e0aL);
        assertThat(ix.computeChecksum()).isEqualTo(ix.checksum());
        assertThat(ix.declaredLabelSize()).isEqualTo(128);
        assertThat(ix.usedSlots()).isEmpty();
        assertThat(ix.isFree(1023)).as("padding bit beyond nslot, set by ndctl").isTrue();
        assertThat(ix.problems(0, V11)).isEmpty();
        assertThat(block("labels-after-init.bin", 1).problems(1, V11)).isEmpty();
    }

    @Test
    void readsAV12IndexAndItsFreeBitmap() {
        NamespaceIndex ix = block("labels-v1.2-after-create.bin", 0);
        assertThat(ix.minor()).isEqualTo(2);
        assertThat(ix.labelSizeCode()).isEqualTo(1);
        assertThat(ix.declaredLabelSize()).isEqualTo(256);
        assertThat(ix.nslot()).isEqualTo(510);
        assertThat(ix.usedSlots()).containsExactly(1);
        assertThat(ix.firstFreeSlot()).isZero();
        assertThat(ix.problems(0, V12)).isEmpty();
        assertThat(ix.problems(0, V11)).containsExactly(Problem.LABEL_SIZE);
    }

    @Test
    void sequenceNumbersCycleOneTwoThree() {
        assertThat(NamespaceIndex.nextSeq(1)).isEqualTo(2);
        assertThat(NamespaceIndex.nextSeq(2)).isEqualTo(3);
        assertThat(NamespaceIndex.nextSeq(3)).isEqualTo(1);
        assertThat(NamespaceIndex.nextSeq(0)).isZero();
        assertThat(NamespaceIndex.nextSeq(7)).as("only the low two bits count").isEqualTo(1);
    }

    @ParameterizedTest(name = "seq0 {0}, seq1 {1} -> index {2}")
    @CsvSource({"3, 2, 0", "2, 3, 1", "3, 1, 1", "1, 3, 0", "2, 1, 0", "1, 2, 1", "2, 2, 1", "1, 1, 1", "7, 1, 1"})
    void theSuccessorIsCurrentAndATieGoesToIndexOne(int seq0, int seq1, int current) {
        assertThat(NamespaceIndex.current(seq0, seq1)).isEqualTo(current);
    }

    // ------------------------------------------------------------------ one failing case per validation rule

    private static NamespaceIndex mutated(Consumer<byte[]> change, boolean fixChecksum) {
        byte[] b = block("labels-after-init.bin", 0).bytes();
        change.accept(b);
        if (fixChecksum) {
            Arrays.fill(b, NamespaceIndex.CHECKSUM, NamespaceIndex.CHECKSUM + 8, (byte) 0);
            Le.put64(b, NamespaceIndex.CHECKSUM, Fletcher64.of(b));
        }
        return NamespaceIndex.of(b, 0, b.length);
    }

    @Test
    void signature() {
        assertThat(mutated(b -> b[0] = 'X', true).problems(0, V11)).containsExactly(Problem.SIGNATURE);
        assertThat(mutated(b -> b[15] = '!', true).problems(0, V11)).as("the NUL is part of the signature")
                .containsExactly(Problem.SIGNATURE);
    }

    @Test
    void labelSize() {
        NamespaceIndex claims256 = mutated(b -> {
            b[NamespaceIndex.LABELSIZE] = 1;
            Le.put16(b, NamespaceIndex.MINOR, 2);
        }, true);
        assertThat(claims256.problems(0, V11)).containsExactly(Problem.LABEL_SIZE);
        NamespaceIndex v11with256 = mutated(b -> b[NamespaceIndex.LABELSIZE] = 1, true);
        assertThat(v11with256.problems(0, V11)).as("before v1.2 the labelsize byte is not consulted").isEmpty();
    }

    @Test
    void checksum() {
        assertThat(mutated(b -> b[100] = 0, false).problems(0, V11)).containsExactly(Problem.CHECKSUM);
        assertThat(mutated(b -> b[250] = 1, false).problems(0, V11)).as("bytes after the bitmap are covered")
                .containsExactly(Problem.CHECKSUM);
    }

    @Test
    void sequence() {
        assertThat(mutated(b -> Le.put32(b, NamespaceIndex.SEQ, 0), true).problems(0, V11))
                .containsExactly(Problem.SEQUENCE);
        assertThat(mutated(b -> Le.put32(b, NamespaceIndex.SEQ, 4), true).problems(0, V11))
                .containsExactly(Problem.SEQUENCE);
    }

    @Test
    void myoff() {
        assertThat(mutated(b -> Le.put64(b, NamespaceIndex.MYOFF, 256), true).problems(0, V11))
                .containsExactly(Problem.MYOFF);
    }

    @Test
    void otheroff() {
        assertThat(mutated(b -> Le.put64(b, NamespaceIndex.OTHEROFF, 0), true).problems(0, V11))
                .containsExactly(Problem.OTHEROFF);
        assertThat(block("labels-after-init.bin", 0).problems(1, V11)).as("block 0 read as block 1")
                .containsExactly(Problem.MYOFF, Problem.OTHEROFF);
    }

    @Test
    void labeloff() {
        assertThat(mutated(b -> Le.put64(b, NamespaceIndex.LABELOFF, 1024), true).problems(0, V11))
                .containsExactly(Problem.LABELOFF);
    }

    @Test
    void mysize() {
        assertThat(mutated(b -> Le.put64(b, NamespaceIndex.MYSIZE, 71), true).problems(0, V11))
                .containsExactly(Problem.MYSIZE);
        assertThat(mutated(b -> Le.put64(b, NamespaceIndex.MYSIZE, 257), true).problems(0, V11))
                .containsExactly(Problem.MYSIZE);
        assertThat(mutated(b -> Le.put64(b, NamespaceIndex.MYSIZE, 72), true).problems(0, V11)).isEmpty();
    }

    @Test
    void nslot() {
        assertThat(mutated(b -> Le.put32(b, NamespaceIndex.NSLOT, 1021), true).problems(0, V11))
                .containsExactly(Problem.NSLOT);
        assertThat(mutated(b -> Le.put32(b, NamespaceIndex.NSLOT, -1), true).problems(0, V11))
                .as("no 32-bit overflow").containsExactly(Problem.NSLOT);
        assertThat(mutated(b -> Le.put32(b, NamespaceIndex.NSLOT, 2), true).problems(0, V11)).isEmpty();
    }

    @Test
    void aBlockGrowsBy256BytesOnceTheBitmapNeedsOneMoreByte() {
        assertThat(NamespaceIndex.sizeFor(1472)).as("72 + 184 bytes").isEqualTo(256);
        assertThat(NamespaceIndex.sizeFor(1473)).isEqualTo(512);
    }

    @Test
    void theFirstFreeSlotMayLieFarIntoTheBitmap() {
        NamespaceIndex ix = mutated(b -> Arrays.fill(b, NamespaceIndex.FREE, NamespaceIndex.FREE + 4, (byte) 0), true);
        assertThat(ix.firstFreeSlot()).isEqualTo(32);
        assertThat(ix.usedSlots()).hasSize(32);
    }

    @Test
    void aRewrittenHeaderClearsTheFlags() {
        NamespaceIndex flagged = mutated(b -> b[NamespaceIndex.FLAGS + 1] = 0x10, true);
        assertThat(flagged.withHeader(V11, 0, 1).flags()).isZero();
    }

    @Test
    void flagsAreThreeLittleEndianBytes() {
        assertThat(mutated(b -> {
            b[NamespaceIndex.FLAGS] = 0x01;
            b[NamespaceIndex.FLAGS + 1] = 0x02;
            b[NamespaceIndex.FLAGS + 2] = 0x03;
        }, true).flags()).isEqualTo(0x030201);
    }

    @Test
    void aSignatureWithoutItsNulIsSixteenBytesLong() {
        NamespaceIndex ix = mutated(b -> {
            b[NamespaceIndex.SIG + NamespaceIndex.SIG_LEN - 1] = '!';
            b[NamespaceIndex.FLAGS] = 'X';
        }, true);
        assertThat(ix.signature()).isEqualTo("NAMESPACE_INDEX!");
    }

    @Test
    void slotsBeyondTheBitmapCountAsFreeButAreNeverHandedOut() {
        NamespaceIndex ix = block("labels-after-init.bin", 0);
        int firstBeyond = (ix.size() - NamespaceIndex.FREE) * 8;
        assertThat(ix.isFree(firstBeyond)).isTrue();
        NamespaceIndex full = mutated(b -> {
            Arrays.fill(b, NamespaceIndex.FREE, b.length, (byte) 0);
            Le.put32(b, NamespaceIndex.NSLOT, 0xFFFF);
        }, true);
        assertThat(full.firstFreeSlot()).as("no free slot inside the bitmap").isEqualTo(-1);
        assertThat(full.usedSlots()).hasSize(firstBeyond);
    }

    @Test
    void aZeroBlockFailsOnItsSignature() {
        assertThat(NamespaceIndex.of(new byte[256], 0, 256).problems(0, V11)).containsExactly(Problem.SIGNATURE);
    }

    @Test
    void withFreeTogglesOneBitAndKeepsTheChecksumRight() {
        NamespaceIndex ix = block("labels-after-init.bin", 0).withFree(9, false);
        assertThat(ix.usedSlots()).containsExactly(9);
        assertThat(ix.bytes()[NamespaceIndex.FREE + 1]).isEqualTo((byte) 0xFD);
        assertThat(ix.problems(0, V11)).isEmpty();
        assertThat(ix.withFree(9, true).bytes()).isEqualTo(block("labels-after-init.bin", 0).bytes());
    }
}
