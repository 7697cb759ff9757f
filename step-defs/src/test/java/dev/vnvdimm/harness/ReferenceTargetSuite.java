package dev.vnvdimm.harness;

import static io.cucumber.junit.platform.engine.Constants.GLUE_PROPERTY_NAME;
import static io.cucumber.junit.platform.engine.Constants.PLUGIN_PROPERTY_NAME;

import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.SelectDirectories;
import org.junit.platform.suite.api.Suite;

/**
 * Every feature under the top-level {@code features/} folder, against the target named by the system property
 * {@code vnvdimm.target} (the reference emulator by default). Surefire runs it from the module folder.
 */
@Suite
@IncludeEngines("cucumber")
@SelectDirectories("../features")
@ConfigurationParameter(key = GLUE_PROPERTY_NAME, value = CucumberSettings.GLUE)
@ConfigurationParameter(key = PLUGIN_PROPERTY_NAME, value = CucumberSettings.PLUGINS)
public class ReferenceTargetSuite {
}
