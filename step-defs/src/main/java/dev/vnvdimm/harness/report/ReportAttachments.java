package dev.vnvdimm.harness.report;

import io.qameta.allure.Allure;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/**
 * Puts what a reviewer wants to see next to a scenario in the Allure report. Runs without the Allure plugin
 * (the compliance matrix's quiet runs) attach nothing, rather than logging an error per attachment.
 */
public final class ReportAttachments {
    private ReportAttachments() {
    }

    public static void text(String name, String content) {
        if (!reporting()) {
            return;
        }
        Allure.addAttachment(name, "text/plain", content, ".txt");
    }

    public static void svg(String name, String svg) {
        if (!reporting()) {
            return;
        }
        Allure.addAttachment(name, "image/svg+xml", new ByteArrayInputStream(
                svg.getBytes(StandardCharsets.UTF_8)), ".svg");
    }

    private static boolean reporting() {
        return Allure.getLifecycle().getCurrentTestCaseOrStep().isPresent();
    }
}
