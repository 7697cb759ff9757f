package dev.vnvdimm.emulator.hostmem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link MappedMemory#isZero}: read in place, a 1 MiB chunk at a time, every byte of the range looked at. */
class MappedMemoryZeroTest {
    @Test
    void aRangeIsZeroUntilAnyOneOfItsBytesIsNotAndNothingOutsideItCounts() {
        long size = (3L << 20) + 4096;
        try (MappedMemory m = MappedMemory.anonymous(size)) {
            assertThat(m.isZero(0, size)).isTrue();
            for (long at : new long[] {0, (1 << 20) - 1, 1 << 20, (2L << 20) + 7, size - 1}) {
                m.putByte(at, (byte) 1);
                assertThat(m.isZero(0, size)).as("byte %d set", at).isFalse();
                assertThat(m.isZero(at, 1)).isFalse();
                if (at > 0) {
                    assertThat(m.isZero(0, at)).as("the bytes before %d", at).isTrue();
                }
                if (at < size - 1) {
                    assertThat(m.isZero(at + 1, size - at - 1)).as("the bytes after %d", at).isTrue();
                }
                m.putByte(at, (byte) 0);
            }
            assertThat(m.isZero(5, 0)).isTrue();
            assertThatThrownBy(() -> m.isZero(size - 1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }
}
