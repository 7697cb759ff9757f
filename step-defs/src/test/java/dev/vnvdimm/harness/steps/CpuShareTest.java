package dev.vnvdimm.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A @runs-alone scenario runs alone; other scenarios, migrations included, run side by side. */
class CpuShareTest {
    @Test
    void ordinaryScenariosAndMigrationsShareButARunsAloneScenarioWaitsForThemAndExcludesThem() throws Exception {
        Runnable first = CpuShare.take(List.of("@dsm"));
        Runnable second = CpuShare.take(List.of("@two-machines")); // side by side: does not block
        CountDownLatch migrationRunning = new CountDownLatch(1);
        AtomicBoolean release = new AtomicBoolean();
        Thread migration = new Thread(() -> {
            Runnable alone = CpuShare.take(List.of("@two-machines", "@runs-alone"));
            migrationRunning.countDown();
            while (!release.get()) {
                Thread.onSpinWait();
            }
            alone.run();
        });
        migration.start();
        assertThat(migrationRunning.await(300, TimeUnit.MILLISECONDS)).as("migration started beside others").isFalse();
        first.run();
        assertThat(migrationRunning.await(300, TimeUnit.MILLISECONDS)).as("migration started beside one").isFalse();
        second.run();
        assertThat(migrationRunning.await(10, TimeUnit.SECONDS)).as("migration runs once alone").isTrue();
        CountDownLatch ordinaryRunning = new CountDownLatch(1);
        Thread later = new Thread(() -> {
            Runnable share = CpuShare.take(List.of());
            ordinaryRunning.countDown();
            share.run();
        });
        later.start();
        assertThat(ordinaryRunning.await(300, TimeUnit.MILLISECONDS)).as("a scenario beside the migration").isFalse();
        release.set(true);
        assertThat(ordinaryRunning.await(10, TimeUnit.SECONDS)).isTrue();
        migration.join();
        later.join();
    }
}
