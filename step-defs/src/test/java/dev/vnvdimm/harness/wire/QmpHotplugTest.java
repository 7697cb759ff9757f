package dev.vnvdimm.harness.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class QmpHotplugTest {

    @Test
    void objectAndDeviceBecomeTypedQmpCommandsInOrder() {
        List<QmpHotplug.Command> commands = QmpHotplug.of(List.of(
                "-object", "memory-backend-file,id=m2,share=on,mem-path=/tmp/a,,b.img,size=64M",
                "-device", "nvdimm,id=n2,memdev=m2,label-size=128K,slot=1,unarmed=off"));
        assertThat(commands).extracting(QmpHotplug.Command::execute).containsExactly("object-add", "device_add");
        var object = commands.get(0).arguments();
        assertThat(object.path("qom-type").asText()).isEqualTo("memory-backend-file");
        assertThat(object.path("mem-path").asText()).as("',,' is a literal comma").isEqualTo("/tmp/a,b.img");
        assertThat(object.path("size").isIntegralNumber()).isTrue();
        assertThat(object.path("size").asLong()).isEqualTo(64L << 20);
        assertThat(object.path("share").isBoolean()).isTrue();
        assertThat(object.path("share").asBoolean()).isTrue();
        var device = commands.get(1).arguments();
        assertThat(device.path("driver").asText()).isEqualTo("nvdimm");
        assertThat(device.path("label-size").asLong()).isEqualTo(128L << 10);
        assertThat(device.path("slot").asInt()).isEqualTo(1);
        assertThat(device.path("unarmed").isBoolean()).isTrue();
        assertThat(device.path("unarmed").asBoolean()).isFalse();
        assertThat(device.path("memdev").isTextual()).isTrue();
    }

    @Test
    void onlyObjectsAndDevicesHotAdd() {
        assertThatThrownBy(() -> QmpHotplug.of(List.of("-m", "1G"))).hasMessageContaining("-m");
        assertThatThrownBy(() -> QmpHotplug.of(List.of("-device"))).hasMessageContaining("no value");
        assertThatThrownBy(() -> QmpHotplug.of(List.of("-device", "nvdimm,label-size=lots")))
                .hasMessageContaining("label-size=lots");
        assertThatThrownBy(() -> QmpHotplug.of(List.of("-object", "memory-backend-ram,share=maybe")))
                .hasMessageContaining("share=maybe");
    }
}
