package dev.vnvdimm.emulator.hostmem;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress drawn as a bar on the terminal (only worth it for work that takes a moment). */
public final class TerminalProgress implements Progress {
    private static final long MIB = 1L << 20;

    /** A bar when standard error is a terminal, nothing otherwise. */
    public static Progress forConsole() {
        return System.console() != null ? new TerminalProgress() : NONE;
    }

    @Override
    public Task start(String what, long totalBytes) {
        ProgressBar bar = new ProgressBarBuilder().setTaskName(what).setInitialMax(Math.max(1, totalBytes / MIB))
                .setUnit(" MiB", 1).setStyle(ProgressBarStyle.ASCII).continuousUpdate().build();
        return new Task() {
            @Override
            public void doneBytes(long done) {
                bar.stepTo(done / MIB);
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }
}
