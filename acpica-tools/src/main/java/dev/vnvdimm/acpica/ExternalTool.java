package dev.vnvdimm.acpica;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * An external program the kit uses when it is installed (iasl, acpiexec, QEMU, shellcheck): found on {@code PATH},
 * run with a time limit. A missing one is never passed over: callers ask {@link #isInstalled()} and report
 * {@link #missingReason()} (a check not run, a test skipped with that reason), and {@link #run} refuses.
 */
public final class ExternalTool {
    /** What a run printed and how it ended. */
    public record Run(int exitCode, String output) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    /** Where tools are looked for instead of {@code PATH}: a folder list, e.g. a user's own acpica build. */
    public static final String PATH_PROPERTY = "vnvdimm.tool.path";

    private final String name;
    private final String debianPackage;

    public ExternalTool(String name, String debianPackage) {
        this.name = name;
        this.debianPackage = debianPackage;
    }

    public Optional<Path> location() {
        String path = System.getProperty(PATH_PROPERTY, System.getenv().getOrDefault("PATH", ""));
        for (String d : path.split(File.pathSeparator)) {
            Path p = Path.of(d).resolve(name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public boolean isInstalled() {
        return location().isPresent();
    }

    /** Why a check that needs this tool cannot run. */
    public String missingReason() {
        return name + " is not installed (install it: apt-get install " + debianPackage + ")";
    }

    /**
     * Runs the tool in {@code workDir} with {@code args}; output and errors together. Its input is closed at once,
     * so a tool that would wait for a console (acpiexec's debugger) reads end-of-file instead.
     *
     * @throws IOException the tool is not installed, or did not finish in time
     */
    public Run run(Path workDir, List<String> args, long timeoutSeconds) throws IOException, InterruptedException {
        Path exe = location().orElseThrow(() -> new IOException(missingReason()));
        List<String> cmd = new ArrayList<>();
        cmd.add(exe.toString());
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(name + " did not finish within " + timeoutSeconds + " s: " + String.join(" ", cmd));
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
