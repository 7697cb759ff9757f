package dev.vnvdimm.emulator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vnvdimm.emulator.QemuError;
import java.util.List;
import org.junit.jupiter.api.Test;

class QemuOptsTest {

    @Test
    void theBareFirstElementIsTheImpliedKey() {
        QemuOpts o = QemuOpts.parse("-device", "nvdimm,id=nv1,memdev=mem1", "driver");
        assertThat(o.get("driver")).contains("nvdimm");
        assertThat(o.get("id")).contains("nv1");
        assertThat(o.keys()).containsExactly("driver", "id", "memdev");
    }

    @Test
    void aDoubledCommaIsALiteralComma() {
        QemuOpts o = QemuOpts.parse("-object", "memory-backend-file,id=m,mem-path=/tmp/a,,b.img", "qom-type");
        assertThat(o.get("mem-path")).contains("/tmp/a,b.img");
    }

    @Test
    void aBareKeyAfterTheFirstMeansOn() {
        QemuOpts o = QemuOpts.parse("-machine", "pc,nvdimm", "type");
        assertThat(o.bool("nvdimm", false)).isTrue();
    }

    @Test
    void unreadKeysAreReportedWithQemusTextAndTheOption() {
        QemuOpts o = QemuOpts.parse("-device", "nvdimm,id=nv1,colour=blue", "driver");
        o.get("driver");
        o.get("id");
        assertThat(o.unread()).containsExactly("colour");
        assertThatThrownBy(() -> o.rejectUnknown("nvdimm")).isInstanceOf(QemuError.class)
                .hasMessage("Property 'nvdimm.colour' not found")
                .extracting(e -> ((QemuError) e).location()).isEqualTo("-device nvdimm,id=nv1,colour=blue");
    }

    @Test
    void badBooleansAndNumbersNameTheParameter() {
        QemuOpts o = QemuOpts.parse("-object", "memory-backend-file,share=maybe,slot=x", "qom-type");
        assertThatThrownBy(() -> o.bool("share", false)).hasMessage("Parameter 'share' expects 'on' or 'off'");
        assertThatThrownBy(() -> o.integer("slot", "int32", Integer.MIN_VALUE, Integer.MAX_VALUE))
                .hasMessage("Parameter 'slot' expects int32");
    }

    @Test
    void sizesKeepTheDefaultUnit() {
        QemuOpts o = QemuOpts.parse("-m", "512,slots=4,maxmem=4G", "size");
        assertThat(o.size("size", 1L << 20)).hasValue(512L << 20);
        assertThat(o.size("maxmem", 1L << 20)).hasValue(4L << 30);
    }

    @Test
    void laterMachineOptionsMergeIntoEarlierOnes() {
        MachineConfig c = MachineConfig.parse(List.of("-machine", "q35", "-machine", "nvdimm=on"));
        assertThat(c.machine().get("type")).contains("q35");
        assertThat(c.machine().bool("nvdimm", false)).isTrue();
    }

    @Test
    void unknownOptionsAreNamed() {
        assertThatThrownBy(() -> MachineConfig.parse(List.of("-nvdimm", "on"))).isInstanceOf(QemuError.class)
                .hasMessage("-nvdimm: invalid option");
    }
}
