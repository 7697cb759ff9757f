package dev.vnvdimm.guest.aml.bench;

import dev.vnvdimm.acpica.Iasl;
import dev.vnvdimm.guest.aml.AmlInterpreter;
import dev.vnvdimm.guest.aml.CompiledAsl;
import dev.vnvdimm.guest.aml.runtime.AmlObject;
import dev.vnvdimm.guest.aml.runtime.AmlOptions;
import dev.vnvdimm.guest.platform.FlatMemoryPlatform;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A 10-million-iteration While loop compiled by iasl; compare with
 * {@code time acpiexec -b "evaluate \MAIN" loop.aml} on the same table (written to target/loop.aml).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class WhileLoopBench {
    static final String ASL = "Method(MAIN){Local0=0; While(Local0 < 10000000){Local0++}; Return(Local0)}";
    AmlInterpreter interp;

    @Setup
    public void setUp() throws Exception {
        if (!Iasl.TOOL.isInstalled()) {
            throw new IllegalStateException(Iasl.TOOL.missingReason());
        }
        Path dir = Files.createTempDirectory("amlbench");
        byte[] aml = CompiledAsl.compile(dir, CompiledAsl.definitionBlock(2, ASL));
        Files.write(Path.of("target", "loop.aml"), aml);
        interp = new AmlInterpreter(new FlatMemoryPlatform(4096),
                AmlOptions.defaults().withLoopTimeout(Duration.ofMinutes(5)));
        interp.load(aml);
    }

    @Benchmark
    public AmlObject loop10M() {
        return interp.evaluate("\\MAIN");
    }
}
