package dev.vnvdimm.harness.bench;

import dev.vnvdimm.abi.qemu.CommandLineTokenizer;
import dev.vnvdimm.emulator.hostmem.Progress;
import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.harness.CucumberSettings;
import dev.vnvdimm.harness.HarnessSettings;
import dev.vnvdimm.harness.ScenarioRunner;
import dev.vnvdimm.system.ReferenceSystem;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scenario-sized timings, sampled so the median can be read: power-on to "the guest has probed its NVDIMMs"
 * (machine, firmware tables, ACPI walk, AML load, Linux-order probe with its 31 function-0 queries, the first
 * label read) — goal ≤ 20 ms; and one whole scenario of label-data.feature run by Cucumber as
 * {@code vnvdimm check} runs it — goal ≤ 50 ms.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GuestBootBenchmark {
    private Path dir;
    private List<String> args;
    private Path features;

    @Setup
    public void prepare() throws IOException {
        dir = Files.createTempDirectory("vnvdimm-bench-");
        args = CommandLineTokenizer.split("-machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G "
                + "-object memory-backend-file,id=mem1,share=on,mem-path=" + dir.resolve("nv.img") + ",size=256M "
                + "-device nvdimm,id=nv1,memdev=mem1,label-size=128K");
        features = Path.of(System.getProperty("vnvdimm.features", "features")).toAbsolutePath();
        if (!Files.isDirectory(features)) {
            features = Path.of("../features").toAbsolutePath();
        }
    }

    @TearDown
    public void cleanUp() throws IOException {
        Files.deleteIfExists(dir.resolve("nv.img"));
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public int powerOnToProbedNvdimms() {
        try (Machine m = ReferenceSystem.powerOn(args, Progress.NONE)) {
            return ReferenceSystem.bootGuest(m, dir).bus().nmems().size();
        }
    }

    @Benchmark
    public long labelDataScenario() {
        ScenarioRunner.Summary s = ScenarioRunner.run(HarnessSettings.fromSystemProperties(), features.resolve("label-data.feature"), Optional.empty(),
                Optional.of("^a raw namespace is created, listed, and survives a reboot$"), CucumberSettings.QUIET_PLUGINS,
                new PrintWriter(Writer.nullWriter()));
        if (s.count(ScenarioRunner.Status.PASSED) != 1) {
            throw new IllegalStateException("the scenario did not pass: " + s.outcomes());
        }
        return s.outcomes().size();
    }
}
