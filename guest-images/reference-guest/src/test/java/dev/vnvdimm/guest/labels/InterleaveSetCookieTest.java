package dev.vnvdimm.guest.labels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class InterleaveSetCookieTest {

    private static final List<InterleaveSetCookie.Mapping> QEMU_SLOT0 = List.of(InterleaveSetCookie.Mapping.qemu(0));

    @Test
    void v11CookieOfQemusFirstDimmIsTheOneInTheV11Labels() {
        assertThat(InterleaveSetCookie.v11(QEMU_SLOT0)).isEqualTo(0x002468ac00123456L).isEqualTo(Vectors.COOKIE_V11);
        assertThat(NamespaceLabel.parse(Vectors.bin("labels-after-create.bin"), 512 + 128, LabelVersion.V1_1)
                .isetCookie()).isEqualTo(Vectors.COOKIE_V11);
    }

    @Test
    void v12CookieOfQemusFirstDimmIsTheOneInTheV12Labels() {
        assertThat(InterleaveSetCookie.forVersion(LabelVersion.V1_2, QEMU_SLOT0))
                .isEqualTo(0x00ba90120012b4dcL).isEqualTo(Vectors.COOKIE_V12);
        assertThat(NamespaceLabel.parse(Vectors.bin("labels-v1.2-after-create.bin"), 768, LabelVersion.V1_2)
                .isetCookie()).isEqualTo(Vectors.COOKIE_V12);
    }

    /** Fletcher64 as the class comment defines it, over the records' 32-bit words (not the class under test). */
    private static long fletcher(long... words) {
        long lo = 0;
        long hi = 0;
        for (long w : words) {
            lo = (lo + w) & 0xFFFF_FFFFL;
            hi += lo;
        }
        return hi << 32 | lo;
    }

    private static final InterleaveSetCookie.Mapping FAR =
            new InterleaveSetCookie.Mapping(1L << 20, 0x123457, 0x8086, 0x1234, 0x56);

    @Test
    void v11RecordsAreRegionOffsetAndSerialOfEveryDimmInRegionOffsetOrder() {
        // records: u64 region_offset, u32 serial_number, u32 0
        long expected = fletcher(0, 0, 0x123456, 0, 1 << 20, 0, 0x123457, 0);
        assertThat(InterleaveSetCookie.v11(List.of(FAR, InterleaveSetCookie.Mapping.qemu(0)))).isEqualTo(expected);
    }

    @Test
    void v12RecordsAddVendorDateAndLocation() {
        // records: u64 region_offset, u32 serial, u16 vendor, u16 date, u8 location, 31 zero bytes
        long expected = fletcher(0, 0, 0x123456, 0x8086, 0, 0, 0, 0, 0, 0, 0, 0,
                1 << 20, 0, 0x123457, 0x1234_8086L, 0x56, 0, 0, 0, 0, 0, 0, 0);
        assertThat(InterleaveSetCookie.v12(List.of(FAR, InterleaveSetCookie.Mapping.qemu(0)))).isEqualTo(expected);
    }

    @Test
    void qemusDimmInSlotNHasSerial0x123456PlusN() {
        assertThat(InterleaveSetCookie.Mapping.qemu(3).serialNumber()).isEqualTo(0x123459);
    }

    @Test
    void recordsAreSortedByRegionOffset() {
        var a = new InterleaveSetCookie.Mapping(0, 0x123456, 0x8086, 0, 0);
        var b = new InterleaveSetCookie.Mapping(1L << 30, 0x123457, 0x8086, 0, 0);
        assertThat(InterleaveSetCookie.v11(List.of(b, a))).isEqualTo(InterleaveSetCookie.v11(List.of(a, b)));
        assertThat(InterleaveSetCookie.v12(List.of(b, a))).isEqualTo(InterleaveSetCookie.v12(List.of(a, b)));
        assertThat(InterleaveSetCookie.v11(List.of(InterleaveSetCookie.Mapping.qemu(1))))
                .isNotEqualTo(Vectors.COOKIE_V11);
    }
}
