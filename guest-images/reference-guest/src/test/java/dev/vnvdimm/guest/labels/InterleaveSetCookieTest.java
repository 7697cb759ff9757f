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
