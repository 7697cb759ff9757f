package dev.vnvdimm.harness.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnvdimm.abi.dsm.DsmPage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The comparison of two observations: the reply up to its length, then the label areas; an end beats both. */
class DsmDifferenceTest {
    private static byte[] reply(int... words) {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        for (int w : words) {
            b.putInt(w);
        }
        return b.array();
    }

    private static DsmObservation.Answered answered(byte[] reply, byte[] area) {
        return new DsmObservation.Answered(reply, Map.of("nv1.img", area));
    }

    @Test
    void alikeRepliesAndAreasDoNotDiffer() {
        byte[] area = new byte[64];
        area[5] = 7;
        assertThat(DsmDifference.between(answered(reply(12, 0, 0xddccbbaa), area),
                answered(reply(12, 0, 0xddccbbaa), area.clone()))).isEmpty();
    }

    @Test
    void theLengthWordIsComparedFirst() {
        DsmDifference d = DsmDifference.between(answered(reply(8, 3), new byte[4]), answered(reply(12, 0, 1),
                new byte[4])).orElseThrow();
        assertThat(d.kind()).isEqualTo(DsmDifference.Kind.REPLY);
        assertThat(d.word()).isZero();
        assertThat(d.description()).isEqualTo("reply word 0 (length): reference 0x8, target 0xc");
    }

    @Test
    void theFirstDifferingWordInsideTheReplyIsNamed() {
        DsmDifference d = DsmDifference.between(answered(reply(16, 0, 0x20000, 0xfec), new byte[4]),
                answered(reply(16, 0, 0x20000, 0xfed), new byte[4])).orElseThrow();
        assertThat(d.word()).isEqualTo(3);
        assertThat(d.description()).contains("data word 1");
    }

    @Test
    void bytesPastTheReplysLengthAreThePagesLeftoversAndNotCompared() {
        byte[] mine = reply(9, 0, 0x11);
        byte[] theirs = reply(9, 0, 0x2211); // the second data byte is past the reply's 9 bytes
        assertThat(DsmDifference.between(answered(mine, new byte[4]), answered(theirs, new byte[4]))).isEmpty();
        theirs[DsmPage.OUTPUT + 4] = 0x12; // the one data byte the reply has
        assertThat(DsmDifference.between(answered(mine, new byte[4]), answered(theirs, new byte[4]))).isPresent();
    }

    @Test
    void aLabelAreaThatDiffersNamesItsFileAndFirstByte() {
        byte[] mine = new byte[0x100];
        byte[] theirs = new byte[0x100];
        theirs[0x41] = 0x5a;
        theirs[0x42] = 0x5a;
        DsmDifference d = DsmDifference.between(answered(reply(8, 0), mine), answered(reply(8, 0), theirs))
                .orElseThrow();
        assertThat(d.kind()).isEqualTo(DsmDifference.Kind.LABEL_AREA);
        assertThat(d.file()).isEqualTo("nv1.img");
        assertThat(d.offset()).isEqualTo(0x41);
        assertThat(d.description()).isEqualTo("the label area of nv1.img differs from byte 0x41 on (2 bytes): "
                + "reference 0x00, target 0x5a");
    }

    @Test
    void anEndedSideIsTheDifferenceWhateverTheOtherDid() {
        DsmObservation ok = answered(reply(8, 0), new byte[4]);
        DsmObservation ended = new DsmObservation.Ended("QEMU ended during the DSM probe: Assertion failed");
        assertThat(DsmDifference.between(ok, ended).orElseThrow().kind()).isEqualTo(DsmDifference.Kind.TARGET_ENDED);
        assertThat(DsmDifference.between(ended, ok).orElseThrow().kind()).isEqualTo(DsmDifference.Kind.REFERENCE_ENDED);
        assertThat(DsmDifference.between(ok, ended).orElseThrow().description()).endsWith("Assertion failed");
    }
}
