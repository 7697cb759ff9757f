package dev.vnvdimm.emulator.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The gate between the guest and the host's pauses: the guest as a whole runs alone, several vCPUs' activities run
 * together, and a pause waits for whatever runs and holds back whatever comes after it.
 */
@Timeout(30)
class VcpuGateTest {
    private final VcpuGate gate = new VcpuGate();
    private final List<String> happened = new CopyOnWriteArrayList<>();

    /** Runs {@code body} on a thread of its own and returns once that thread is blocked or done. */
    private static Thread started(Runnable body) throws InterruptedException {
        Thread t = new Thread(body);
        t.setDaemon(true);
        t.start();
        while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TERMINATED) {
            Thread.onSpinWait();
        }
        return t;
    }

    /** An activity that records its start and holds its vCPU until {@code release} opens. */
    private Supplier<Void> holding(String name, CountDownLatch started, CountDownLatch release) {
        return () -> {
            happened.add(name);
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        };
    }

    @Test
    void severalVcpusRunTheirActivitiesAtTheSameTime() throws Exception {
        int vcpus = 4;
        CountDownLatch allIn = new CountDownLatch(vcpus);
        List<CompletableFuture<Boolean>> met = new ArrayList<>();
        for (int i = 0; i < vcpus; i++) {
            // each activity waits inside the gate for the others: only possible if all four are in at once
            met.add(CompletableFuture.supplyAsync(() -> gate.runOnOneVcpu(() -> {
                allIn.countDown();
                try {
                    return allIn.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }), runnable -> new Thread(runnable).start()));
        }
        for (CompletableFuture<Boolean> f : met) {
            assertThat(f.get()).as("all four vCPUs were inside the gate together").isTrue();
        }
    }

    @Test
    void aPauseWaitsForEveryVcpuActivityInProgressAndHoldsBackLaterOnesUntilResumed() throws Exception {
        CountDownLatch aIn = new CountDownLatch(1);
        CountDownLatch bIn = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread a = started(() -> gate.runOnOneVcpu(holding("a", aIn, release)));
        Thread b = started(() -> gate.runOnOneVcpu(holding("b", bIn, release)));
        aIn.await();
        bIn.await();
        Thread pause = started(() -> {
            gate.pause();
            happened.add("paused");
        });
        assertThat(pause.getState()).as("the pause waits for a and b").isEqualTo(Thread.State.WAITING);
        // queued behind the waiting pause: a later activity may not overtake it
        Thread c = started(() -> gate.runOnOneVcpu(() -> happened.add("c")));
        assertThat(happened).containsExactlyInAnyOrder("a", "b");
        release.countDown();
        a.join();
        b.join();
        pause.join();
        assertThat(happened).endsWith("paused").doesNotContain("c");
        assertThat(c.getState()).isEqualTo(Thread.State.WAITING);
        assertThat(gate.isPaused()).isTrue();
        gate.resume();
        c.join();
        assertThat(happened).endsWith("paused", "c");
    }

    @Test
    void theGuestAsAWholeRunsAloneAndVcpuActivitiesWaitForIt() throws Exception {
        CountDownLatch wholeIn = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread whole = started(() -> gate.run(holding("whole", wholeIn, release)));
        wholeIn.await();
        Thread vcpu = started(() -> gate.runOnOneVcpu(() -> happened.add("vcpu")));
        assertThat(vcpu.getState()).isEqualTo(Thread.State.WAITING);
        release.countDown();
        whole.join();
        vcpu.join();
        assertThat(happened).containsExactly("whole", "vcpu");

        CountDownLatch vcpuIn = new CountDownLatch(1);
        CountDownLatch release2 = new CountDownLatch(1);
        Thread second = started(() -> gate.runOnOneVcpu(holding("vcpu2", vcpuIn, release2)));
        vcpuIn.await();
        Thread whole2 = started(() -> gate.run(() -> happened.add("whole2")));
        assertThat(whole2.getState()).isEqualTo(Thread.State.WAITING);
        release2.countDown();
        second.join();
        whole2.join();
        assertThat(happened).endsWith("vcpu2", "whole2");
    }
}
