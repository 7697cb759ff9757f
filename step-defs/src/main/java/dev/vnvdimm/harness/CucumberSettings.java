package dev.vnvdimm.harness;

/** The Cucumber configuration shared by the Maven suite and {@code vnvdimm check}. */
public final class CucumberSettings {
    public static final String GLUE = "dev.vnvdimm.harness.steps";
    public static final String PLUGINS = "io.qameta.allure.cucumber7jvm.AllureCucumber7Jvm";
    /** No report: timing runs, and runs whose results another run already reported. */
    public static final String QUIET_PLUGINS = "rerun:/dev/null";

    private CucumberSettings() {
    }
}
