package dev.vnvdimm.guest.labels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Fletcher64Test {

    @Test
    void sumsLittleEndianWordsIntoLowAndSumOfSumsIntoHigh() {
        byte[] b = {1, 0, 0, 0, 2, 0, 0, 0};
        // lo = 1 then 3; hi = 1 + 3
        assertThat(Fletcher64.of(b)).isEqualTo(4L << 32 | 3);
    }

    @Test
    void lowHalfWrapsAt32BitsAndHighHalfKeepsOnlyItsLow32Bits() {
        byte[] b = new byte[8];
        Arrays.fill(b, (byte) 0xFF);
        // lo = 0xffffffff, then 0xfffffffe; hi = 0x1fffffffd, shifted: 0xfffffffd
        assertThat(Fletcher64.of(b)).isEqualTo(0xFFFF_FFFD_FFFF_FFFEL);
    }

    @Test
    void ignoresATrailingPartialWord() {
        assertThat(Fletcher64.of(new byte[] {5, 0, 0, 0, 9, 9})).isEqualTo(Fletcher64.of(new byte[] {5, 0, 0, 0}));
    }

    @Test
    void emptyInputIsZero() {
        assertThat(Fletcher64.of(new byte[0])).isZero();
    }
}
