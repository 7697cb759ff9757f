package dev.vnvdimm.emulator.bench;

import dev.vnvdimm.abi.qemu.CommandLineTokenizer;
import dev.vnvdimm.emulator.config.MachineConfig;
import dev.vnvdimm.emulator.hostmem.Progress;
import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.emulator.machine.MachineFactory;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Building a machine (parse, map the backend, place the NVDIMM and its label area, power off) must not
 * depend on how big the sparse backing file is: mapping never touches pages. Compares 1 GiB with 1 TiB;
 * sampled, so the median (p0.50) can be compared without the tail that a busy 2-core host adds.
 * Run: {@code mvn -pl reference-emulator test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=org.openjdk.jmh.Main -Dexec.args=MachineBuildBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MachineBuildBenchmark {
    @Param({"1G", "1T"})
    public String nvdimmSize;

    private Path dir;
    private List<String> args;
    private MachineFactory factory;

    @Setup(Level.Trial)
    public void createSparseFile() throws IOException {
        dir = Files.createTempDirectory("vnvdimm-bench-");
        Path file = dir.resolve("nv.img");
        long bytes = "1T".equals(nvdimmSize) ? 1L << 40 : 1L << 30;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(bytes);
        }
        args = CommandLineTokenizer.split("-machine pc,nvdimm=on -m 512M,slots=4,maxmem=2T "
                + "-object memory-backend-file,id=mem1,share=on,mem-path=" + file + ",size=" + nvdimmSize
                + " -device nvdimm,id=nv1,memdev=mem1,label-size=128K");
        factory = new MachineFactory(Progress.NONE);
    }

    @TearDown(Level.Trial)
    public void removeFile() throws IOException {
        Files.deleteIfExists(dir.resolve("nv.img"));
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public long buildAndPowerOff() {
        try (Machine m = factory.build(MachineConfig.parse(args))) {
            return m.nvdimms().get(0).size();
        }
    }
}
