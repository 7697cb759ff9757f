package dev.vnvdimm.guest.aml;

import dev.vnvdimm.guest.aml.runtime.AmlException;
import dev.vnvdimm.guest.aml.runtime.AmlInteger;
import dev.vnvdimm.guest.aml.runtime.AmlOptions;
import dev.vnvdimm.guest.platform.Clock;
import dev.vnvdimm.guest.platform.FlatMemoryPlatform;
import dev.vnvdimm.guest.platform.ForwardingPlatform;
import dev.vnvdimm.guest.platform.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Runaway AML is cut off and the caller gets control back: a While of slow iterations is stopped within one
 * iteration of its timeout (time read from the platform's clock only, so a scripted clock makes it exact), and
 * recursion deeper than the Java stack ends in {@code AE_AML_METHOD_LIMIT}, never a {@link StackOverflowError},
 * with every Serialized method on the way released.
 */
class RunawayTest {
    /** Time moves only when AML sleeps. */
    static final class SleepOnlyClock implements Clock {
        long now;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void stall(long microseconds) {
            now += TimeUnit.MICROSECONDS.toNanos(microseconds);
        }

        @Override
        public void sleep(long milliseconds) {
            now += TimeUnit.MILLISECONDS.toNanos(milliseconds);
        }
    }

    @TempDir
    Path dir;

    private byte[] dsdt(String body) throws Exception {
        return CompiledAsl.compile(dir, CompiledAsl.definitionBlock(2, body));
    }

    @Test
    void aWhileOfSlowIterationsStopsWithinOneIterationOfItsTimeout() throws Exception {
        SleepOnlyClock clock = new SleepOnlyClock();
        Platform platform = new ForwardingPlatform(new FlatMemoryPlatform(4096)) {
            @Override
            public Clock clock() {
                return clock;
            }
        };
        AmlInterpreter ip = new AmlInterpreter(platform, AmlOptions.defaults().withLoopTimeout(Duration.ofSeconds(5)));
        ip.load(dsdt("Name (CNT0, 0) Method (SLOW) { While (1) { Sleep (1000)  CNT0++ } }"));

        assertThatThrownBy(() -> ip.evaluate("\\SLOW")).isInstanceOfSatisfying(AmlException.class,
                e -> assertThat(e.status()).isEqualTo("AE_AML_LOOP_TIMEOUT"));
        // six one-second iterations: the sixth ends past the five seconds, not the 1024th
        assertThat(ip.evaluate("\\CNT0")).isEqualTo(AmlInteger.of(6));
    }

    @Test
    void recursionDeeperThanTheJavaStackEndsInMethodLimitAndReleasesItsSerializedMethods() throws Exception {
        AmlInterpreter ip = new AmlInterpreter(new FlatMemoryPlatform(4096),
                AmlOptions.defaults().withMaxCallDepth(1_000_000));
        ip.load(dsdt("""
                Name (LIMT, 0xFFFFFFFF)
                Name (DONE, 0)
                Method (SETL, 1) { LIMT = Arg0 }
                Method (M000, 1, Serialized) { If (Arg0 >= LIMT) { DONE = Arg0 } Else { M001 (Arg0 + 1) } }
                Method (M001, 1, Serialized) { If (Arg0 >= LIMT) { DONE = Arg0 } Else { M002 (Arg0 + 1) } }
                Method (M002, 1, Serialized) { If (Arg0 >= LIMT) { DONE = Arg0 } Else { M003 (Arg0 + 1) } }
                Method (M003, 1, Serialized) { If (Arg0 >= LIMT) { DONE = Arg0 } Else { M000 (Arg0 + 1) } }
                Method (RUN0) { M000 (0)  Return (DONE) }
                """));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        // a small stack, so that it runs out before the 4 x 255 invocations the per-method limit allows
        Thread t = new Thread(null, () -> {
            try {
                ip.evaluate("\\RUN0");
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, "small-stack", 64 << 10);
        t.start();
        t.join();

        assertThat(thrown.get()).isInstanceOfSatisfying(AmlException.class, e -> {
            assertThat(e.status()).isEqualTo("AE_AML_METHOD_LIMIT");
            assertThat(e.getMessage()).contains("stack");
        });
        ip.evaluate("\\SETL", AmlInteger.of(3));
        // another thread can run the Serialized methods the overflow unwound through
        assertThat(CompletableFuture.supplyAsync(() -> ip.evaluate("\\RUN0")).get(60, TimeUnit.SECONDS))
                .isEqualTo(AmlInteger.of(3));
    }
}
