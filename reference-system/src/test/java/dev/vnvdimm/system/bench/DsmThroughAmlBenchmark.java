package dev.vnvdimm.system.bench;

import dev.vnvdimm.abi.acpi.Guids;
import dev.vnvdimm.abi.qemu.CommandLineTokenizer;
import dev.vnvdimm.emulator.hostmem.Progress;
import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.guest.aml.AmlInterpreter;
import dev.vnvdimm.guest.aml.runtime.AmlBuffer;
import dev.vnvdimm.guest.aml.runtime.AmlInteger;
import dev.vnvdimm.guest.aml.runtime.AmlObject;
import dev.vnvdimm.guest.aml.runtime.AmlOptions;
import dev.vnvdimm.guest.aml.runtime.AmlPackage;
import dev.vnvdimm.guest.aml.runtime.NamespaceNode;
import dev.vnvdimm.guest.kernel.AcpiBoot;
import dev.vnvdimm.guest.kernel.KernelLog;
import dev.vnvdimm.guest.labels.LabelStorageArea;
import dev.vnvdimm.guest.nvdimm.DsmCaller;
import dev.vnvdimm.guest.nvdimm.DsmLabelStore;
import dev.vnvdimm.system.MachinePlatform;
import dev.vnvdimm.system.ReferenceSystem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
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
 * The whole DSM path, both halves: the reference guest's interpreter runs the machine's SSDT (QEMU's NCAL),
 * which writes the DSM page in guest RAM and pokes port 0x0A18; the emulator's DSM handler reads the label
 * area from the mapped backing file and replies. Goals: one 4076-byte read ≤ 20 µs, the whole 128 KiB area
 * ≤ 1 ms.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DsmThroughAmlBenchmark {
    private Path dir;
    private Machine machine;
    private AmlInterpreter aml;
    private NamespaceNode nv00;
    private AmlObject[] readArgs;
    private LabelStorageArea area;

    @Setup
    public void powerOn() throws IOException {
        dir = Files.createTempDirectory("vnvdimm-bench-");
        machine = ReferenceSystem.powerOn(CommandLineTokenizer.split(
                "-machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G -object memory-backend-file,id=mem1,share=on,"
                        + "mem-path=" + dir.resolve("nv.img") + ",size=256M "
                        + "-device nvdimm,id=nv1,memdev=mem1,label-size=128K"), Progress.NONE);
        aml = AcpiBoot.boot(new MachinePlatform(machine), AmlOptions.defaults(), new KernelLog()).interpreter();
        nv00 = aml.namespace().find("\\_SB.NVDR.NV00");
        byte[] uuid = new byte[16];
        Guids.put(uuid, 0, UUID.fromString("4309ac30-0d11-11e4-9191-0800200c9a66"));
        byte[] in = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(0).putInt(4076).array();
        readArgs = new AmlObject[] {new AmlBuffer(uuid), AmlInteger.of(1), AmlInteger.of(5),
            new AmlPackage(List.of(new AmlBuffer(in)))};
        area = new LabelStorageArea(DsmLabelStore.open(new DsmCaller(aml), nv00));
    }

    @TearDown
    public void powerOff() throws IOException {
        machine.close();
        Files.deleteIfExists(dir.resolve("nv.img"));
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public AmlObject labelRead4076Bytes() {
        return aml.evaluateChild(nv00, "_DSM", readArgs);
    }

    @Benchmark
    public byte[] wholeLabelArea128KiB() {
        return area.readAll();
    }
}
