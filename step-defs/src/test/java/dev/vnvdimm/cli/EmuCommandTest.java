package dev.vnvdimm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EmuCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = VnvdimmCli.create();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void withoutOptionsItRunsTheDefaultMachineAndPrintsInfoMemoryDevices() {
        assertThat(run("emu")).isZero();
        assertThat(out.toString()).isEqualTo("""
                Memory device [nvdimm]: "nvdimm0"
                  addr: 0x100000000
                  slot: 0
                  node: 0
                  size: 268304384
                  memdev: /objects/mem1
                  hotplugged: false
                  hotpluggable: true
                """);
        assertThat(err.toString()).contains("default machine: -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G");
    }

    @Test
    void jsonHasTheShapeOfQmpQueryMemoryDevices() throws Exception {
        assertThat(run("emu", "--json", "-machine", "pc,nvdimm=on", "-m", "512M,slots=4,maxmem=4G",
                "-object", "memory-backend-file,id=m,share=on,mem-path=" + dir.resolve("a.img") + ",size=64M",
                "-device", "nvdimm,id=nv,memdev=m,slot=3")).isZero();
        JsonNode list = new ObjectMapper().readTree(out.toString());
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("type").asText()).isEqualTo("nvdimm");
        JsonNode data = list.get(0).get("data");
        assertThat(data.get("slot").asInt()).isEqualTo(3);
        assertThat(data.get("addr").asLong()).isEqualTo(0x1_0000_0000L);
        assertThat(data.get("size").asLong()).isEqualTo(64L << 20);
        assertThat(data.get("memdev").asText()).isEqualTo("/objects/m");
    }

    @Test
    void aBadConfigurationPrintsQemusMessageAfterTheOptionAndExitsNonZero() {
        String object = "memory-backend-file,id=m,share=on,mem-path=" + dir.resolve("b.img") + ",size=256M";
        assertThat(run("emu", "-machine", "pc,nvdimm=on", "-m", "512M,slots=4,maxmem=4G", "-object", object,
                "-device", "nvdimm,id=nv1,memdev=m,label-size=64K")).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("vnvdimm: -device nvdimm,id=nv1,memdev=m,label-size=64K: "
                + "Property 'nvdimm.label-size' (0x10000) is required at least 0x20000");
        assertThat(out.toString()).isEmpty();
        assertThat(dir.resolve("b.img")).doesNotExist();
    }
}
