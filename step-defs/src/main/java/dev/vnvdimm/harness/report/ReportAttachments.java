package dev.vnvdimm.harness.report;

import io.qameta.allure.Allure;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/**
 * Puts what a reviewer wants to see next to a scenario in the Allure report, under a short name (a long command
 * or payload is the attachment's content, never its name). Runs without the Allure plugin
 * (the compliance matrix's quiet runs) attach nothing, rather than logging an error per attachment.
 */
public final class ReportAttachments {
    private ReportAttachments() {
    }

    public static void text(String name, String content) {
        if (!reporting()) {
            return;
        }
        Allure.addAttachment(shortName(name), "text/plain", content, ".txt");
    }

    public static void svg(String name, String svg) {
        if (!reporting()) {
            return;
        }
        Allure.addAttachment(shortName(name), "image/svg+xml", new ByteArrayInputStream(
                svg.getBytes(StandardCharsets.UTF_8)), ".svg");
    }

    /** Longest name an attachment gets; the payload is a file of its own, however long. */
    static final int NAME_LENGTH = 72;

    /** A name a person reads in the attachment list: its first line, cut to {@link #NAME_LENGTH} with an ellipsis. */
    static String shortName(String name) {
        String line = name.strip().lines().findFirst().orElse("attachment");
        boolean more = line.length() < name.strip().length();
        if (line.length() > NAME_LENGTH) {
            return line.substring(0, NAME_LENGTH - 1) + "…";
        }
        return more ? line + " …" : line;
    }

    private static boolean reporting() {
        return Allure.getLifecycle().getCurrentTestCaseOrStep().isPresent();
    }
}
