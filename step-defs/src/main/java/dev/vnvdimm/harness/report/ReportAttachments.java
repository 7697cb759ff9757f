package dev.vnvdimm.harness.report;

import io.qameta.allure.Allure;
import java.nio.charset.StandardCharsets;

/** Puts what a reviewer wants to see next to a scenario in the Allure report. */
public final class ReportAttachments {
    private ReportAttachments() {
    }

    public static void text(String name, String content) {
        Allure.addAttachment(name, "text/plain", content, ".txt");
    }

    public static void svg(String name, String svg) {
        Allure.addAttachment(name, "image/svg+xml", new java.io.ByteArrayInputStream(
                svg.getBytes(StandardCharsets.UTF_8)), ".svg");
    }
}
