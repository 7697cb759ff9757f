package dev.vnvdimm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code vnvdimm dump-tables -o DIR} followed by QEMU options, which start with a dash like the verb's own. */
class DumpTablesCommandTest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = VnvdimmCli.create();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    /** {@code -object} was read as {@code -o bject}: QEMU's one-dash options are never clustered short options. */
    @Test
    void qemuOptionsAfterTheOutputDirectoryAreTheMachinesNotTheVerbs() {
        Path out = dir.resolve("tables");
        int status = run("dump-tables", "-o", out.toString(), "-machine", "pc,nvdimm=on", "-m", "256M,slots=4,maxmem=4G",
                "-object", "memory-backend-file,id=mem1,share=on,mem-path=" + dir.resolve("nv.img") + ",size=64M",
                "-device", "nvdimm,id=nv1,memdev=mem1,label-size=128K");
        assertThat(status).as("stderr: %s", err).isZero();
        assertThat(out.resolve("NFIT.dat")).exists();
        assertThat(out.resolve("SSDT.dat")).exists();
        assertThat(dir.resolve("nv.img")).hasSize(64L << 20);
    }
}
