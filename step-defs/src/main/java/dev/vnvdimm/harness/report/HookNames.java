package dev.vnvdimm.harness.report;

import io.qameta.allure.listener.ContainerLifecycleListener;
import io.qameta.allure.model.TestResultContainer;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Names a scenario's set-up and tear-down in words: Allure's Cucumber plugin names a hook by its Java signature
 * ({@code dev.vnvdimm.harness.steps.ScenarioHooks.attachAndCleanUp(io.cucumber.java.Scenario)}), which says
 * nothing to a reviewer; the method's name in words ("attach and clean up") does.
 */
public final class HookNames implements ContainerLifecycleListener {
    @Override
    public void beforeContainerWrite(TestResultContainer container) {
        Stream.concat(container.getBefores().stream(), container.getAfters().stream())
                .forEach(f -> f.setName(inWords(f.getName())));
    }

    /** {@code a.b.C.checkTheTags(x.Y)} as "check the tags"; a name that is no Java signature as it is. */
    static String inWords(String name) {
        if (name == null) {
            return null;
        }
        int paren = name.indexOf('(');
        if (paren < 0 || !name.endsWith(")")) {
            return name;
        }
        String qualified = name.substring(0, paren);
        String method = qualified.substring(qualified.lastIndexOf('.') + 1);
        return method.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }
}
