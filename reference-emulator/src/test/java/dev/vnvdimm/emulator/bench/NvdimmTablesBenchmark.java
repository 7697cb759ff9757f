package dev.vnvdimm.emulator.bench;

import dev.vnvdimm.abi.acpi.Nfit;
import dev.vnvdimm.abi.acpi.NfitNvdimm;
import dev.vnvdimm.abi.acpi.NvdimmPersistence;
import dev.vnvdimm.emulator.acpi.NvdimmSsdt;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Building the NVDIMM tables — the NFIT for N plugged NVDIMMs and the SSDT for 256 slots — as a machine does
 * at power-on and QEMU does on every hot plug. Goal: ≤ 10 ms at 256 NVDIMMs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NvdimmTablesBenchmark {
    @Param({"1", "16", "256"})
    public int nvdimms;

    private List<NfitNvdimm> devices;

    @Setup
    public void plug() {
        devices = new ArrayList<>();
        long addr = 0x1_0000_0000L;
        for (int slot = 0; slot < nvdimms; slot++) {
            devices.add(new NfitNvdimm(slot, addr, 256L << 20, slot % 4, slot % 7 == 0));
            addr += 256L << 20;
        }
    }

    @Benchmark
    public void nfitAndSsdtFor256Slots(Blackhole bh) {
        bh.consume(Nfit.table(devices, Optional.of(NvdimmPersistence.CPU)));
        bh.consume(new NvdimmSsdt(256).build());
    }
}
