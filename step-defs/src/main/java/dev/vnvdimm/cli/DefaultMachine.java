package dev.vnvdimm.cli;

import java.nio.file.Path;
import java.util.List;

/**
 * The machine {@code vnvdimm emu} runs when given no options: a {@code pc} with 512 MiB of RAM, four slots,
 * maxmem 4G and one 256 MiB NVDIMM on a file in a temporary directory, with a 128 KiB label area.
 */
final class DefaultMachine {
    private DefaultMachine() {
    }

    static List<String> commandLine(Path dir) {
        return List.of("-machine", "pc,nvdimm=on", "-m", "512M,slots=4,maxmem=4G",
                "-object", "memory-backend-file,id=mem1,share=on,mem-path=" + dir.resolve("nvdimm0.img") + ",size=256M",
                "-device", "nvdimm,id=nvdimm0,memdev=mem1,label-size=128K");
    }
}
