package dev.vnvdimm.guest.aml.bench;

import dev.vnvdimm.guest.aml.AmlInterpreter;
import dev.vnvdimm.guest.aml.FakeDsmPlatform;
import dev.vnvdimm.guest.aml.runtime.AmlBuffer;
import dev.vnvdimm.guest.aml.runtime.AmlInteger;
import dev.vnvdimm.guest.aml.runtime.AmlObject;
import dev.vnvdimm.guest.aml.runtime.AmlPackage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.InputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One 4076-byte label read through QEMU's golden SSDT (_DSM function 5) against the scripted DSM responder. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LabelReadBench {
    AmlInterpreter interp;
    AmlObject[] args;

    @Setup
    public void setUp() throws Exception {
        byte[] ssdt;
        try (InputStream in = LabelReadBench.class.getResourceAsStream("/aml/SSDT.dimmpxm")) {
            ssdt = in.readAllBytes();
        }
        interp = new AmlInterpreter(new FakeDsmPlatform(128 << 20));
        interp.load(ssdt);
        byte[] uuid = {0x30, (byte) 0xac, 0x09, 0x43, 0x11, 0x0d, (byte) 0xe4, 0x11,
                (byte) 0x91, (byte) 0x91, 0x08, 0x00, 0x20, 0x0c, (byte) 0x9a, 0x66};
        byte[] in = {0, 0, 0, 0, (byte) 0xEC, 0x0F, 0, 0};
        args = new AmlObject[] {new AmlBuffer(uuid), AmlInteger.of(1), AmlInteger.of(5),
                new AmlPackage(List.of(new AmlBuffer(in)))};
        AmlObject r = interp.evaluate("\\_SB.NVDR.NV00._DSM", args);
        if (((AmlBuffer) r).length() != 4080) {
            throw new IllegalStateException("unexpected reply " + r);
        }
    }

    @Benchmark
    public AmlObject readLabel4076() {
        return interp.evaluate("\\_SB.NVDR.NV00._DSM", args);
    }
}
