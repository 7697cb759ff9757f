package dev.vnvdimm.harness;

import dev.vnvdimm.harness.ScenarioRunner.Status;
import java.io.PrintWriter;

/**
 * A run's progress on the terminal: one mark per scenario ({@code .} pass, {@code F} fail, {@code k} known
 * hypervisor defect, {@code s} not applicable, {@code -} not run), {@value #WIDTH} to a line; a run of more than one
 * line ends each line with the count done of the total and, once it has run a while, an estimate of the time left.
 */
public final class Progress {
    static final int WIDTH = 50;
    private static final double ESTIMATE_AFTER_SECONDS = 10;

    private final PrintWriter out;
    private final boolean colour;
    private int total = -1;
    private int done;
    private long started;

    /** @param colour whether to colour the marks (ANSI), on a terminal that wants colour */
    public Progress(PrintWriter out, boolean colour) {
        this.out = out;
        this.colour = colour;
    }

    /** Uncoloured progress, for logs and tests. */
    public static Progress plain(PrintWriter out) {
        return new Progress(out, false);
    }

    public boolean colour() {
        return colour;
    }

    synchronized void start(int scenarios) {
        total = scenarios;
        done = 0;
        started = System.nanoTime();
    }

    synchronized void mark(Status s) {
        done++;
        out.print(paint(s, switch (s) {
            case PASSED -> ".";
            case FAILED -> "F";
            case KNOWN_DEFECT -> "k";
            case NOT_APPLICABLE -> "s";
            case NOT_RUN -> "-";
        }, colour));
        if (done % WIDTH == 0 && total > WIDTH) {
            out.print(" " + count() + "\n");
        }
        out.flush();
    }

    synchronized void end() {
        if (done % WIDTH != 0 || done == 0) {
            out.print(total > WIDTH ? " " + count() + "\n" : "\n");
        }
        out.flush();
    }

    /** {@code done/total} and, after a while and before the end, the time left at the pace so far. */
    private String count() {
        String n = done + "/" + Math.max(total, done);
        double seconds = (System.nanoTime() - started) / 1e9;
        if (done >= total || seconds < ESTIMATE_AFTER_SECONDS) {
            return n;
        }
        long left = Math.round(seconds / done * (total - done));
        if (left < 1) {
            return n;
        }
        return n + "  ~" + (left >= 90 ? (left + 30) / 60 + " min" : left + " s") + " left";
    }

    /** {@code text} in the verdict's colour when {@code colour}: green, red, yellow, blue, grey. */
    public static String paint(Status s, String text, boolean colour) {
        if (!colour) {
            return text;
        }
        String code = switch (s) {
            case PASSED -> "32";
            case FAILED -> "1;31";
            case KNOWN_DEFECT -> "33";
            case NOT_APPLICABLE -> "36";
            case NOT_RUN -> "90";
        };
        return "\u001b[" + code + "m" + text + "\u001b[0m";
    }
}
