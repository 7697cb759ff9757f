package dev.vnvdimm.harness.report;

/** The one-line command that reruns one scenario (or example row) on one target, as the terminal and matrix show it. */
public final class RerunCommand {
    private RerunCommand() {
    }

    /**
     * @param target   a target as its column names it, with {@code @linux-X} when a guest kernel was chosen
     * @param location the scenario's {@code FILE:LINE}
     */
    public static String of(String target, String location) {
        int at = target.indexOf("@linux-");
        String kernel = at < 0 ? "" : " --guest-kernel " + target.substring(at + "@linux-".length());
        return "./vnvdimm check --target " + (at < 0 ? target : target.substring(0, at)) + kernel + " --features "
                + location;
    }
}
