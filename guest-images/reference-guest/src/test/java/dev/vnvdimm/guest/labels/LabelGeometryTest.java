package dev.vnvdimm.guest.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LabelGeometryTest {

    @ParameterizedTest(name = "{0} bytes, {1}-byte labels: {2} slots, {3}-byte index")
    @CsvSource({
            "131072, 128, 1020, 256",
            "131072, 256, 510, 256",
            "262144, 128, 2040, 512",
            "262144, 256, 1022, 256",
            "2097152, 128, 16348, 2304",
            "2097152, 256, 8182, 1280"})
    void matchesTheKernelTable(int config, int labelSize, int nslot, int indexSize) {
        LabelGeometry g = LabelGeometry.of(config, labelSize);
        assertThat(g.nslot()).isEqualTo(nslot);
        assertThat(g.indexSize()).isEqualTo(indexSize);
        assertThat(g.labelOffset()).isEqualTo(2 * indexSize);
        assertThat(g.slotOffset(1)).isEqualTo(2 * indexSize + labelSize);
        assertThat(NamespaceIndex.sizeFor(nslot)).isLessThanOrEqualTo(indexSize);
    }

    @Test
    void refusesAreasBelowTheKernelMinimum() {
        assertThatThrownBy(() -> LabelGeometry.of(1023, 128)).isInstanceOf(IllegalArgumentException.class);
        assertThat(LabelGeometry.of(1024, 128).nslot()).isEqualTo(4);
    }

    @Test
    void theSmallestAreaHoldsExactlyTwoV12LabelsAndRefusesFewer() {
        assertThat(LabelGeometry.of(1024, LabelVersion.V1_2).nslot()).isEqualTo(2);
        assertThatThrownBy(() -> LabelGeometry.of(1024, 512)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fewer than two 512-byte labels");
    }

    @Test
    void versionsAreMajorOneAndRecordTheirLabelSizeAsItsLogarithm() {
        assertThat(LabelVersion.V1_1).extracting(LabelVersion::major, LabelVersion::minor,
                LabelVersion::labelSizeCode, LabelVersion::toString).containsExactly(1, 1, 0, "v1.1");
        assertThat(LabelVersion.V1_2).extracting(LabelVersion::major, LabelVersion::minor,
                LabelVersion::labelSizeCode, LabelVersion::toString).containsExactly(1, 2, 1, "v1.2");
        assertThat(LabelVersion.ofLabelSize(256)).isEqualTo(LabelVersion.V1_2);
        assertThatThrownBy(() -> LabelVersion.ofLabelSize(512)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsesNdctlVersionSpellings() {
        assertThat(LabelVersion.parse("1.1")).isEqualTo(LabelVersion.V1_1);
        assertThat(LabelVersion.parse("v1.2")).isEqualTo(LabelVersion.V1_2);
        assertThatThrownBy(() -> LabelVersion.parse("1.3")).isInstanceOf(IllegalArgumentException.class);
    }
}
