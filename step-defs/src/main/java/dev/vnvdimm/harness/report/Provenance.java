package dev.vnvdimm.harness.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Where a column of the compliance matrix came from: when it ran, which run it was, the kit's commit, and the
 * versions the target reported about itself. A column made by another run than the current one is stale.
 *
 * @param date      when the column was recorded (UTC, to the second)
 * @param run       the id of the JVM run that recorded it
 * @param kitCommit {@code git describe}-style commit of the kit, "-dirty" with uncommitted changes
 * @param versions  what the target reported (e.g. {@code qemu}: QMP greeting's version, {@code guest kernel})
 */
public record Provenance(String date, String run, String kitCommit, Map<String, String> versions) {
    public Provenance {
        versions = Collections.unmodifiableMap(new TreeMap<>(versions)); // reads the same each time
    }

    /** This JVM's run: every column it records carries it. */
    public static final String THIS_RUN = UUID.randomUUID().toString();

    /** A column of this run, with the target's reported versions. */
    public static Provenance now(Path kitRoot, Map<String, String> versions) {
        return new Provenance(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), THIS_RUN, kitCommit(kitRoot),
                versions);
    }

    /** The provenance of a column recorded before provenance existed. */
    public static Provenance unknown() {
        return new Provenance("unknown", "unknown", "unknown", Map.of());
    }

    public boolean stale() {
        return !THIS_RUN.equals(run);
    }

    /** The kit's commit, or a sentence saying why it is not known. */
    static String kitCommit(Path kitRoot) {
        try {
            String head = git(kitRoot, "rev-parse", "--short=12", "HEAD");
            if (head.isEmpty()) {
                return "unknown (not a git checkout)";
            }
            return git(kitRoot, "status", "--porcelain", "--untracked-files=no").isEmpty() ? head : head + "-dirty";
        } catch (IOException e) {
            return "unknown (git: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown (interrupted)";
        }
    }

    private static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("git did not answer within 30 s");
        }
        return p.exitValue() == 0 ? out : "";
    }
}
