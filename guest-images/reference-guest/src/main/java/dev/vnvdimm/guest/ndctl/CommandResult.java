package dev.vnvdimm.guest.ndctl;

/** What a guest command printed and its exit code, as a shell sees it. */
public record CommandResult(int exitCode, String stdout, String stderr) {
    public static CommandResult ok(String stdout, String stderr) {
        return new CommandResult(0, stdout, stderr);
    }

    public static CommandResult fail(int code, String stdout, String stderr) {
        return new CommandResult(code, stdout, stderr);
    }

    /** Both streams as a terminal would interleave them here: output, then errors. */
    public String combined() {
        return stdout + stderr;
    }
}
