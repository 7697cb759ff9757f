package dev.vnvdimm.guest.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnvdimm.guest.aml.AmlInterpreter;
import dev.vnvdimm.guest.aml.CompiledAsl;
import dev.vnvdimm.guest.aml.runtime.AmlInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AML's Timer, Stall and Sleep read and pass the platform's time only, so a scripted clock makes them exact. */
class ScriptedClockTest {
    /** A clock that stands still until a stall or a sleep moves it by exactly their length. */
    static final class ScriptedClock implements Clock {
        long now = 1_000_000_000L;
        final List<String> calls = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void stall(long microseconds) {
            calls.add("stall " + microseconds);
            now += TimeUnit.MICROSECONDS.toNanos(microseconds);
        }

        @Override
        public void sleep(long milliseconds) {
            calls.add("sleep " + milliseconds);
            now += TimeUnit.MILLISECONDS.toNanos(milliseconds);
        }
    }

    @TempDir
    Path dir;

    private final ScriptedClock clock = new ScriptedClock();
    private AmlInterpreter ip;

    @BeforeEach
    void load() throws Exception {
        FlatMemoryPlatform memory = new FlatMemoryPlatform(4096);
        Platform platform = new ForwardingPlatform(memory) {
            @Override
            public Clock clock() {
                return clock;
            }
        };
        ip = new AmlInterpreter(platform);
        ip.load(CompiledAsl.compile(dir, CompiledAsl.definitionBlock(2,
                "Method (TIME) { Return (Timer) }"
                        + " Method (STAL, 1) { Local0 = Timer Stall (Arg0) Return (Timer - Local0) }"
                        + " Method (SLEP, 1) { Local0 = Timer Sleep (Arg0) Return (Timer - Local0) }")));
    }

    private long call(String method, long... args) {
        AmlInteger[] a = new AmlInteger[args.length];
        for (int i = 0; i < args.length; i++) {
            a[i] = AmlInteger.of(args[i]);
        }
        return ((AmlInteger) ip.evaluate(method, a)).value();
    }

    @Test
    void timerCountsTheClockIn100NanosecondUnits() {
        assertThat(call("\\TIME")).isEqualTo(10_000_000L);
        clock.now += 12_345_600;
        assertThat(call("\\TIME")).isEqualTo(10_123_456L);
    }

    @Test
    void stallPassesExactlyItsMicrosecondsCappedAt100() {
        assertThat(call("\\STAL", 40)).isEqualTo(400);
        assertThat(call("\\STAL", 5000)).isEqualTo(1000);
        assertThat(clock.calls).containsExactly("stall 40", "stall 100");
    }

    @Test
    void sleepPassesItsMillisecondsOnTheScriptedClockNotTheRealOne() {
        long t0 = System.nanoTime();
        assertThat(call("\\SLEP", 60_000)).isEqualTo(600_000_000L);
        assertThat(clock.calls).containsExactly("sleep 60000");
        assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(10));
    }
}
