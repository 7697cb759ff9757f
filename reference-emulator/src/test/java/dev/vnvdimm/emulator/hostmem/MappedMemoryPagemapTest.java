package dev.vnvdimm.emulator.hostmem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

/** What {@code /proc/self/pagemap} tells about a mapping without reading it. */
class MappedMemoryPagemapTest {
    @Test
    void aPrivateAnonymousPageIsUnpopulatedUntilWrittenAndLookingDoesNotPopulateIt() {
        try (MappedMemory m = MappedMemory.anonymous(64 * 4096)) {
            assumeTrue(m.presentPages() != null, "the kernel tells no pagemap here");
            assertThat(m.unpopulatedPages().cardinality()).isEqualTo(64);
            m.putByte(5 * 4096 + 17, (byte) 1);
            m.fill(40 * 4096, 2 * 4096, (byte) 2);
            BitSet expected = new BitSet();
            expected.set(0, 64);
            expected.clear(5);
            expected.clear(40, 42);
            assertThat(m.unpopulatedPages()).isEqualTo(expected);
            assertThat(m.unpopulatedPages()).as("asking twice reads nothing").isEqualTo(expected);
            m.getByte(10 * 4096); // a read maps the zero page: populated from now on, and read as it should be
            expected.clear(10);
            assertThat(m.unpopulatedPages()).isEqualTo(expected);
        }
    }
}
