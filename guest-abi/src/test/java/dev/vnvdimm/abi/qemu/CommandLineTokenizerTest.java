package dev.vnvdimm.abi.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineTokenizerTest {

    @Test
    void splitsADocStringLikeAShell() {
        List<String> args = CommandLineTokenizer.split("qemu-system-x86_64 -machine pc,nvdimm=on \\\n"
                + "  -object 'memory-backend-file,id=m,mem-path=/tmp/a b.img' -device \"nvdimm,memdev=m\"\n");
        assertThat(args).containsExactly("-machine", "pc,nvdimm=on", "-object",
                "memory-backend-file,id=m,mem-path=/tmp/a b.img", "-device", "nvdimm,memdev=m");
    }
}
