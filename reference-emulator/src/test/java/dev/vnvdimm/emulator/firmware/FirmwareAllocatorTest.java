package dev.vnvdimm.emulator.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vnvdimm.abi.acpi.TableLoaderCommand.AllocZone;
import org.junit.jupiter.api.Test;

class FirmwareAllocatorTest {

    @Test
    void placesHighDownwardsAndFsegUpwardsAligned() {
        FirmwareAllocator a = new FirmwareAllocator(128L << 20);

        assertThat(a.allocate(4096, 4096, AllocZone.HIGH)).isEqualTo(0x7FFF000L);
        assertThat(a.allocate(100, 64, AllocZone.HIGH)).isEqualTo(0x7FFEF80L);
        assertThat(a.allocate(36, 16, AllocZone.FSEG)).isEqualTo(0xE0000L);
        assertThat(a.allocate(20, 16, AllocZone.FSEG)).isEqualTo(0xE0030L);
        assertThatThrownBy(() -> a.allocate(0x20000, 16, AllocZone.FSEG))
                .isInstanceOf(IllegalStateException.class).hasMessage("no room for 131072 bytes in zone FSEG");
        assertThatThrownBy(() -> a.allocate(128L << 20, 16, AllocZone.HIGH))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("zone HIGH");
        assertThat(new FirmwareAllocator(8L << 30).allocate(16, 16, AllocZone.HIGH)).isEqualTo(0xFFFF_FFF0L);
    }
}
