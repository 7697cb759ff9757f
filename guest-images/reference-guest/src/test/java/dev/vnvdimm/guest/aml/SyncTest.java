package dev.vnvdimm.guest.aml;

import dev.vnvdimm.guest.aml.runtime.AmlException;
import dev.vnvdimm.guest.aml.runtime.AmlFormatter;
import dev.vnvdimm.guest.aml.runtime.AmlInteger;
import dev.vnvdimm.guest.aml.runtime.AmlObject;
import dev.vnvdimm.guest.aml.runtime.AmlOptions;
import dev.vnvdimm.guest.platform.FlatMemoryPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Loop timeout, Notify delivery, and mutexes / Serialized methods across threads. */
class SyncTest {
    @TempDir
    Path dir;

    AmlInterpreter load(String decls, AmlOptions options) throws Exception {
        AmlInterpreter ip = new AmlInterpreter(new FlatMemoryPlatform(4096), options);
        ip.load(CompiledAsl.compile(dir, CompiledAsl.definitionBlock(2, decls)));
        return ip;
    }

    @Test
    void runawayWhileStopsWithAnError() throws Exception {
        AmlInterpreter ip = load("Method (MAIN) { While (1) { Noop } }",
                AmlOptions.defaults().withLoopTimeout(Duration.ofMillis(200)));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> ip.evaluate("\\MAIN")).isInstanceOfSatisfying(AmlException.class, e -> {
            assertThat(e.status()).isEqualTo("AE_AML_LOOP_TIMEOUT");
            assertThat(e.opcodeName()).isEqualTo("WHILE_OP");
            assertThat(e.method()).isEqualTo("\\MAIN");
        });
        assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(3));
    }

    @Test
    void notifyReachesTheHandlerOfThatDevice() throws Exception {
        AmlInterpreter ip = load("Scope (\\_SB) { Device (NVDR) { Name (_HID, \"ACPI0012\") } Device (OTHR) { Name (_ADR, 0) } }"
                + " Method (MAIN) { Notify (\\_SB.NVDR, 0x80) Notify (\\_SB.OTHR, 0x81) Return (1) }",
                AmlOptions.defaults());
        List<String> seen = new ArrayList<>();
        List<String> all = new ArrayList<>();
        ip.registerNotifyHandler("\\_SB.NVDR", (d, v) -> seen.add(d.path() + " " + Integer.toHexString(v)));
        ip.registerNotifyHandler((d, v) -> all.add(d.path()));
        ip.evaluate("\\MAIN");
        assertThat(seen).containsExactly("\\_SB_.NVDR 80");
        assertThat(all).containsExactly("\\_SB_.NVDR", "\\_SB_.OTHR");
    }

    @Test
    void acquireTimesOutWhileAnotherThreadHoldsTheMutex() throws Exception {
        AmlInterpreter ip = load("Mutex (MTX0, 0) Method (HOLD) { Acquire (MTX0, 0xFFFF) Sleep (400) Release (MTX0) }"
                + " Method (TRY) { Local0 = Acquire (MTX0, 20) If (!Local0) { Release (MTX0) } Return (Local0) }", AmlOptions.defaults());
        CompletableFuture<AmlObject> holder = CompletableFuture.supplyAsync(() -> ip.evaluate("\\HOLD"));
        Thread.sleep(100);
        assertThat(AmlFormatter.format(ip.evaluate("\\TRY"))).isEqualTo("int 0xffffffffffffffff");
        holder.get(5, TimeUnit.SECONDS);
        assertThat(AmlFormatter.format(ip.evaluate("\\TRY"))).isEqualTo("int 0x0");
    }

    @Test
    void serializedMethodsRunOneAtATime() throws Exception {
        AmlInterpreter ip = load("Name (INSD, 0) Name (MAXI, 0)"
                + " Method (SER, 0, Serialized) { Name (TMP, 0) INSD++ If (INSD > MAXI) { MAXI = INSD } Sleep (30) INSD-- }",
                AmlOptions.defaults());
        List<CompletableFuture<AmlObject>> fs = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            fs.add(CompletableFuture.supplyAsync(() -> ip.evaluate("\\SER")));
        }
        for (CompletableFuture<AmlObject> f : fs) {
            f.get(5, TimeUnit.SECONDS);
        }
        assertThat(AmlFormatter.format(ip.evaluate("\\MAXI"))).isEqualTo("int 0x1");
    }

    @Test
    void wrongArgumentCountIsReported() throws Exception {
        AmlInterpreter ip = load("Method (TWO, 2) { Return (Arg0) }", AmlOptions.defaults());
        assertThatThrownBy(() -> ip.evaluate("\\TWO", AmlInteger.ONE))
                .isInstanceOfSatisfying(AmlException.class, e -> assertThat(e.status()).isEqualTo("AE_MISSING_ARGUMENTS"));
        assertThatThrownBy(() -> ip.evaluate("\\NOPE"))
                .isInstanceOfSatisfying(AmlException.class, e -> assertThat(e.status()).isEqualTo("AE_NOT_FOUND"));
    }
}
