package dev.vnvdimm.guest.aml;

import dev.vnvdimm.guest.aml.runtime.AmlFormatter;
import dev.vnvdimm.guest.platform.FlatMemoryPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeTest {
    @TempDir
    Path dir;

    @Test
    void addsAndLoops() throws Exception {
        byte[] aml = CompiledAsl.compile(dir, CompiledAsl.definitionBlock(2,
                "Method(MAIN){Local0=0; While(Local0 < 100){Local0++}; Return(Local0 + 1)}"));
        AmlInterpreter ip = new AmlInterpreter(new FlatMemoryPlatform(4096));
        ip.load(aml);
        assertThat(AmlFormatter.format(ip.evaluate("\\MAIN"))).isEqualTo("int 0x65");
    }
}
