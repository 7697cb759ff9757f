package dev.vnvdimm.harness.report;

import dev.vnvdimm.harness.Targets;
import io.qameta.allure.listener.TestLifecycleListener;
import io.qameta.allure.model.TestResult;
import java.io.IOException;
import java.nio.file.Path;

/**
 * As each result is written, records the run's executor (if the run wrote none: Maven's) and its target's
 * environment into the folder Allure writes to, so every run that writes results, {@code check} or
 * {@code mvn verify}, leaves them; a target's versions are known only once its machines ran, so the latest wins.
 * Allure finds this class through {@code META-INF/services}.
 */
public final class RunEnvironment implements TestLifecycleListener {
    @Override
    public void afterTestWrite(TestResult result) {
        String folder = System.getProperty("allure.results.directory");
        if (folder == null) {
            return;
        }
        Path results = Path.of(folder);
        String target = TargetResults.target(result);
        try {
            var selected = Targets.selected();
            if (!selected.name().equals(target)) {
                return;
            }
            RunMetadata.writeExecutorIfAbsent(results, "mvn verify", "mvn verify: the reference target suite and "
                    + "the harness's own tests, target " + target);
            RunMetadata.recordTarget(results, TargetResults.kitRoot(), target, selected.environment());
        } catch (IOException | RuntimeException e) { // the report then lacks its environment; the run goes on
            System.err.println("vnvdimm: could not record the run's environment for the report: " + e);
        }
    }
}
